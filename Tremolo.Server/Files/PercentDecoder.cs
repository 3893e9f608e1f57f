namespace Tremolo.Server.Files;

/// <summary>
/// %XX decoding as urllib's unquote_to_bytes: a valid escape becomes its byte (as one
/// latin-1 char), anything else is kept as it is; '+' is not a space.
/// </summary>
internal static class PercentDecoder
{
    /// <summary>Decodes into <paramref name="destination"/>, which must be at least as long as the source.</summary>
    public static int Decode(ReadOnlySpan<char> source, Span<char> destination)
    {
        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            char c = source[i];
            if (c == '%' && i + 2 < source.Length && IsHex(source[i + 1]) && IsHex(source[i + 2]))
            {
                c = (char)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                i += 2;
            }

            destination[written++] = c;
        }

        return written;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
