using System.Text;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// An independent, strict reading of RFC 9112 for the first request head in some bytes:
/// the oracle that says whether a success answer to a mutated request was deserved.
/// Stricter than a server must be (it rejects what a server may tolerate), never laxer.
/// </summary>
public static class StrictRequestHead
{
    private const int MaxHeadSize = 8192;

    public static bool IsWellFormed(ReadOnlySpan<byte> request)
    {
        int end = request.IndexOf("\r\n\r\n"u8);
        if (end < 0 || end + 2 > MaxHeadSize)
            return false;
        var lines = Encoding.Latin1.GetString(request[..end]).Split("\r\n");
        if (!IsRequestLine(lines[0], out var http11))
            return false;

        int hosts = 0, lengths = 0, encodings = 0;
        bool chunked = false;
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0 || !line[..colon].All(IsTokenChar) || !line[(colon + 1)..].All(IsFieldValueChar))
                return false;
            string name = line[..colon].ToLowerInvariant();
            string value = line[(colon + 1)..].Trim(' ', '\t');
            switch (name)
            {
                case "host":
                    hosts++;
                    break;
                case "content-length":
                    lengths++;
                    if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
                        return false;
                    break;
                case "transfer-encoding":
                    encodings++;
                    chunked = value.Equals("chunked", StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }

        return hosts <= 1 && (hosts == 1 || !http11)
            && lengths <= 1
            && (encodings == 0 || (encodings == 1 && chunked && lengths == 0 && http11));
    }

    // Bytes above 0x7f in the target are let through: RFC 9112 3.2 only says a server SHOULD
    // refuse them, and Tremolo (so the port, docs/deviations.md has no row) accepts raw UTF-8.
    private static bool IsRequestLine(string line, out bool http11)
    {
        http11 = line.EndsWith(" HTTP/1.1", StringComparison.Ordinal);
        if (!http11 && !line.EndsWith(" HTTP/1.0", StringComparison.Ordinal))
            return false;
        var parts = line.Split(' ');
        return parts.Length == 3
            && parts[0].Length > 0 && parts[0].All(IsTokenChar)
            && parts[1].StartsWith('/') && parts[1].All(c => c > ' ' && c != '\x7f');
    }

    private static bool IsTokenChar(char c)
        => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    // visible ASCII, space, tab, obs-text; no other control byte
    private static bool IsFieldValueChar(char c) => c is '\t' or (>= ' ' and not '\x7f');
}
