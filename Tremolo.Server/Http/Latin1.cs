using System.Text;

namespace Tremolo.Server.Http;

/// <summary>Tremolo treats request bytes as latin-1: one char per byte, both ways.</summary>
internal static class Latin1
{
    public static string GetString(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] GetBytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Bytes of a header value the app set; chars above U+00FF cannot be sent and are refused.</summary>
    public static bool TryGetBytes(string text, out byte[] bytes)
    {
        foreach (var c in text)
        {
            if (c > '\u00ff')
            {
                bytes = [];
                return false;
            }
        }

        bytes = Encoding.Latin1.GetBytes(text);
        return true;
    }
}
