using System.Text;

namespace Tremolo.Templates.Parsing;

/// <summary>
/// Python's bytes helpers Tremolo relies on, over latin-1 strings (one char per byte): what
/// bytes.strip() removes and what int() accepts keep answers (e.g. Range 400 versus 416) identical.
/// </summary>
internal static class PyText
{
    /// <summary>The set bytes.strip() removes when given no argument.</summary>
    public const string Whitespace = " \t\n\r\v\f";

    /// <summary>Beyond any file size; larger numbers are clamped so arithmetic cannot overflow.</summary>
    private const long Huge = 1L << 62;

    /// <summary>bytes.strip() with no argument.</summary>
    public static string Strip(string text)
    {
        var trimmed = text.AsSpan().Trim(Whitespace);
        return trimmed.Length == text.Length ? text : trimmed.ToString();
    }

    /// <summary>bytes.strip() with no argument, without allocating.</summary>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> text) => text.Trim(Whitespace);

    /// <summary>
    /// int(s) for base 10: surrounding whitespace, one optional sign, digits with single
    /// underscores between them. Magnitudes past 2^62 are clamped to 2^62.
    /// </summary>
    public static bool TryParseInt(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        s = Strip(s);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[^1]))
        {
            return false;
        }

        long magnitude = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_')
            {
                // the last char is a digit, so s[i + 1] exists
                if (!char.IsAsciiDigit(s[i + 1]))
                {
                    return false;
                }

                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            // Clamp before multiplying: Huge * 10 would wrap past long.MaxValue into a negative.
            magnitude = magnitude > (Huge - 9) / 10 ? Huge : Math.Min(magnitude * 10 + (c - '0'), Huge);
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>bytes.lower(): ASCII letters only.</summary>
    public static string AsciiLower(string text)
    {
        var index = text.AsSpan().IndexOfAnyInRange('A', 'Z');
        if (index < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }

    /// <summary>repr(bytes): b'...' (b"..." when only ' occurs), \t \n \r, \xNN outside printable ASCII.</summary>
    public static string BytesRepr(ReadOnlySpan<byte> bytes)
    {
        var quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        var repr = new StringBuilder(bytes.Length + 3).Append('b').Append(quote);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\\' => repr.Append(@"\\"),
                (byte)'\t' => repr.Append(@"\t"),
                (byte)'\n' => repr.Append(@"\n"),
                (byte)'\r' => repr.Append(@"\r"),
                _ when b == quote => repr.Append('\\').Append(quote),
                < 0x20 or >= 0x7F => repr.Append($"\\x{b:x2}"),
                _ => repr.Append((char)b),
            };
        }

        return repr.Append(quote).ToString();
    }
}
