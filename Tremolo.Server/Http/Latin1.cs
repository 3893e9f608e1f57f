using System.Text;

namespace Tremolo.Server.Http;

/// <summary>Tremolo treats request bytes as latin-1: one char per byte.</summary>
internal static class Latin1
{
    public static string GetString(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
