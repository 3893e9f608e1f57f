namespace Tremolo.Server.Http;

/// <summary>
/// Tremolo's parse_int for Content-Length and chunk sizes: 1 to 16 digits, no sign, no
/// spaces, no leading zeros (except "0"). We cap hex at 15 digits so the value fits a long.
/// </summary>
internal static class StrictInteger
{
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out long value) => TryParse(text, 10, 16, out value);

    public static bool TryParseHex(ReadOnlySpan<byte> text, out long value) => TryParse(text, 16, 15, out value);

    private static bool TryParse(ReadOnlySpan<byte> text, int radix, int maxDigits, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > maxDigits || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        foreach (var b in text)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' when radix == 16 => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' when radix == 16 => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value * radix) + digit;
        }

        return true;
    }
}
