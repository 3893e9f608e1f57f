using System.Globalization;
using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// The suite's one reader of chunked framing (RFC 9112 7.1), written apart from the server's:
/// the chunks at the start of a body as a client sees them, also while it is still streaming.
/// </summary>
public static class ChunkedBody
{
    /// <summary>
    /// The data of each complete chunk at the start of <paramref name="body"/>, in order, and the
    /// bytes they took; the last is empty when the body ended (the zero chunk, no trailers).
    /// A chunk whose data is not followed by CRLF is malformed framing.
    /// </summary>
    public static List<byte[]> Chunks(ReadOnlySpan<byte> body, out int used)
    {
        var chunks = new List<byte[]>();
        used = 0;
        while (body[used..].IndexOf("\r\n"u8) is var lineEnd and > 0)
        {
            var sizeText = Encoding.Latin1.GetString(body.Slice(used, lineEnd)).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var start = used + lineEnd + 2;
            if (body.Length < start + size + 2)
                break;
            if (!body[(start + size)..].StartsWith("\r\n"u8))
                throw new InvalidDataException($"chunk of {size} bytes not followed by CRLF");
            chunks.Add(body.Slice(start, size).ToArray());
            used = start + size + 2;
            if (size == 0)
                break;
        }

        return chunks;
    }

    /// <summary>True when <paramref name="chunks"/> end with the zero chunk.</summary>
    public static bool Ended(List<byte[]> chunks) => chunks is [.., { Length: 0 }];

    /// <summary>The data of the chunks, joined.</summary>
    public static byte[] Join(IEnumerable<byte[]> chunks) => [.. chunks.SelectMany(chunk => chunk)];
}
