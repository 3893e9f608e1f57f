using Tremolo.Shared;

namespace Tremolo.Server.Http;

/// <summary>
/// RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ),
/// a name is a token, a value a token or a quoted-string. We ignore extensions, but only
/// well-formed ones: a bare ';', a bad token, a control byte or a CR is a request to refuse.
/// </summary>
internal static class ChunkExtensions
{
    /// <summary>True when <paramref name="text"/> (from the first ';' to the end of the size line) is well-formed.</summary>
    public static bool AreValid(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            if (text[0] != ';')
            {
                return false;
            }

            text = SkipBws(text[1..]);
            var name = TokenLength(text);
            if (name == 0)
            {
                return false;
            }

            text = SkipBws(text[name..]);
            if (text.IsEmpty || text[0] != '=')
            {
                continue;
            }

            text = SkipBws(text[1..]);
            var value = text.IsEmpty ? 0 : text[0] == '"' ? QuotedStringLength(text) : TokenLength(text);
            if (value == 0)
            {
                return false;
            }

            text = SkipBws(text[value..]);
        }

        return true;
    }

    private static ReadOnlySpan<byte> SkipBws(ReadOnlySpan<byte> text) => text.TrimStart(" \t"u8);

    private static int TokenLength(ReadOnlySpan<byte> text)
    {
        var length = 0;
        while (length < text.Length && HttpToken.IsToken(text.Slice(length, 1)))
        {
            length++;
        }

        return length;
    }

    /// <summary>RFC 9110 5.6.4: DQUOTE *( qdtext / quoted-pair ) DQUOTE; 0 when malformed.</summary>
    private static int QuotedStringLength(ReadOnlySpan<byte> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '"')
            {
                return i + 1;
            }

            if (b == '\\')
            {
                i++;
                if (i == text.Length || !IsQuotable(text[i]))
                {
                    return 0;
                }
            }
            else if (!IsQuotable(b))
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>HTAB, SP, visible ASCII and obs-text: what a quoted-string may hold.</summary>
    private static bool IsQuotable(byte b) => b == '\t' || (b >= 0x20 && b != 0x7f);
}
