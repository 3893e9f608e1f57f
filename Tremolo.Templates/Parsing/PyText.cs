using System.Text;

namespace Tremolo.Templates.Parsing;

/// <summary>Python's bytes helpers Tremolo relies on, over latin-1 strings (one char per byte).</summary>
internal static class PyText
{
    /// <summary>The set bytes.strip() removes when given no argument.</summary>
    public const string Whitespace = " \t\n\r\v\f";

    /// <summary>bytes.strip() with no argument.</summary>
    public static string Strip(string text)
    {
        var trimmed = text.AsSpan().Trim(Whitespace);
        return trimmed.Length == text.Length ? text : trimmed.ToString();
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
