using System.Globalization;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>One HTTP/1.x response as it came off the socket: status line, headers in order, de-chunked body.</summary>
internal sealed record WireResponse(string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] BodyBytes, bool Chunked)
{
    public int Status => int.Parse(StatusLine.Split(' ')[1], CultureInfo.InvariantCulture);

    /// <summary>The body as UTF-8 text.</summary>
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    /// <summary>The first value of a header (names compared case-insensitively), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Reads one complete response from the start of <paramref name="data"/>; false while more
    /// bytes are needed. A 1xx has no body; otherwise chunked or Content-Length framing, and
    /// with neither (Tremolo's bare answers) the body runs to the end of the stream.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, bool atEof, out WireResponse? response, out int consumed)
    {
        response = null;
        consumed = 0;
        var headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }

        var lines = Encoding.Latin1.GetString(data[..headEnd]).Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..].Trim()))
            .ToList();
        var position = headEnd + 4;
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value == "chunked");
        var lengthText = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        byte[] body;
        if (lines[0].Split(' ')[1].StartsWith('1'))
        {
            body = [];
        }
        else if (chunked)
        {
            var chunks = ChunkedBody.Chunks(data[position..], out var used);
            if (!ChunkedBody.Ended(chunks))
            {
                return false;
            }

            body = ChunkedBody.Join(chunks);
            position += used;
        }
        else if (lengthText is null)
        {
            if (!atEof)
            {
                return false;
            }

            body = data[position..].ToArray();
            position = data.Length;
        }
        else
        {
            var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
            if (data.Length - position < length)
            {
                return false;
            }

            body = data.Slice(position, length).ToArray();
            position += length;
        }

        response = new WireResponse(lines[0], headers, body, chunked);
        consumed = position;
        return true;
    }
}
