namespace Tremolo.Shared;

/// <summary>
/// RFC 9110 5.6.2 tokens (method, field name, chunk extension). One definition for the
/// engine's byte parsers and the config loader's header-name check: this file is compiled
/// into both (see Shared/README.md), as neither assembly may know the other.
/// </summary>
internal static class HttpToken
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

    public static bool IsToken(ReadOnlySpan<char> span)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One tchar (a character a token may hold).</summary>
    public static bool IsTokenChar(char c) => c <= 0xFF && Tchar[c];

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
