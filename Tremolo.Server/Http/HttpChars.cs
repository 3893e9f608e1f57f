namespace Tremolo.Server.Http;

/// <summary>Character classes of RFC 9110 5.6.2 (tokens) and RFC 9112 (field values).</summary>
internal static class HttpChars
{
    private static readonly bool[] Tchar = BuildTchar();

    public static bool IsToken(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var b in span)
        {
            if (!Tchar[b])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>CR, LF and NUL: Tremolo's own test for an unsafe line.</summary>
    public static bool HasUnsafeByte(ReadOnlySpan<byte> span) => span.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0;

    /// <summary>Any other control byte (HTAB allowed) or DEL: invalid in a field value or request line.</summary>
    public static bool HasControlByte(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
            {
                return true;
            }
        }

        return false;
    }

    private static bool[] BuildTchar()
    {
        var table = new bool[256];
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = true;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = true;
            table[char.ToUpperInvariant(c)] = true;
        }

        foreach (var c in "!#$%&'*+-.^_`|~")
        {
            table[c] = true;
        }

        return table;
    }
}
