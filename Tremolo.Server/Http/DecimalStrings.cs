using System.Globalization;

namespace Tremolo.Server.Http;

/// <summary>Decimal strings of small numbers (Content-Length values), made once instead of per response.</summary>
internal static class DecimalStrings
{
    private static readonly string?[] Cache = new string?[4096];

    public static string Of(long value)
    {
        if ((ulong)value >= (ulong)Cache.Length)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        return Cache[value] ??= value.ToString(CultureInfo.InvariantCulture);
    }
}
