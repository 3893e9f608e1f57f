using System.Runtime.InteropServices;
using System.Text;

namespace Tremolo.Templates.Parsing;

/// <summary>
/// Python's urllib.parse percent-decoding: %XX becomes a byte, anything else (a lone '%'
/// included) stays as it is.
/// </summary>
internal static class PercentDecoder
{
    /// <summary>unquote_to_bytes, then latin-1: the result has one char per decoded byte.</summary>
    public static string ToLatin1(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        var buffer = new char[text.Length];
        return new string(buffer, 0, Decode(text, buffer));
    }

    /// <summary>
    /// As <see cref="ToLatin1"/>, into <paramref name="destination"/> (at least as long as the
    /// source) so hot paths need not allocate; '+' is not a space. Returns the chars written.
    /// </summary>
    public static int Decode(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (TryHexByte(source, i, out var b))
            {
                destination[written++] = (char)b;
                i += 2;
            }
            else
            {
                destination[written++] = source[i];
            }
        }

        return written;
    }

    /// <summary>
    /// unquote(text, 'utf-8', 'replace'): each run of ASCII chars is percent-decoded to
    /// bytes and read as UTF-8 (invalid sequences become U+FFFD); other chars are kept.
    /// </summary>
    public static string ToUtf8(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var run = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0x7F)
            {
                Flush(run, result);
                result.Append(c);
            }
            else if (TryHexByte(text, i, out var b))
            {
                run.Add(b);
                i += 2;
            }
            else
            {
                run.Add((byte)c);
            }
        }

        Flush(run, result);
        return result.ToString();
    }

    private static void Flush(List<byte> run, StringBuilder result)
    {
        if (run.Count > 0)
        {
            result.Append(Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(run)));
            run.Clear();
        }
    }

    private static bool TryHexByte(ReadOnlySpan<char> text, int index, out byte value)
    {
        value = 0;
        if (text[index] != '%' || index + 2 >= text.Length)
        {
            return false;
        }

        var high = HexValue(text[index + 1]);
        var low = HexValue(text[index + 2]);
        if (high < 0 || low < 0)
        {
            return false;
        }

        value = (byte)(high * 16 + low);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
