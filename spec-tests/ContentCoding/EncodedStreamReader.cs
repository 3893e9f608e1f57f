using System.Buffers;
using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>
/// Reads a compressed, chunked body as a client does while it is still streaming: the chunks
/// received so far, decoded through a Brotli or gzip decoder without waiting for the end.
/// </summary>
internal sealed class EncodedStreamReader(RawHttpClient client, string coding)
{
    private readonly MemoryStream received = new();

    /// <summary>The response head (up to the blank line) and the decoded body so far, once it ends with <paramref name="expectedEnd"/>.</summary>
    public async Task<(string Head, string Body)> ReadUntilDecodedAsync(string expectedEnd)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var data = received.ToArray();
            var headEnd = data.AsSpan().IndexOf("\r\n\r\n"u8);
            if (headEnd >= 0)
            {
                var body = Decode(coding, ChunkedBody.Join(ChunkedBody.Chunks(data.AsSpan(headEnd + 4), out _)));
                if (body.EndsWith(expectedEnd, StringComparison.Ordinal))
                {
                    return (Encoding.Latin1.GetString(data, 0, headEnd), body);
                }
            }

            Assert.True(DateTime.UtcNow < deadline && !client.Eof, $"never decoded '{expectedEnd}' from: {Encoding.Latin1.GetString(data)}");
            received.Write(await client.ReadAsync(ReadUntil.Idle, idle: TimeSpan.FromMilliseconds(50)));
        }
    }

    /// <summary>Everything the bytes so far decode to; a stream not yet finished is no error.</summary>
    public static string Decode(string coding, byte[] compressed)
    {
        if (coding == "br")
        {
            using var decoder = new BrotliDecoder();
            var output = new byte[1 << 20];
            var status = decoder.Decompress(compressed, output, out var consumed, out var written);
            Assert.True(status is OperationStatus.Done or OperationStatus.NeedMoreData, status.ToString());
            Assert.Equal(compressed.Length, consumed);
            return Encoding.UTF8.GetString(output, 0, written);
        }

        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var decoded = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (gzip.Read(buffer) is var read and > 0)
            {
                decoded.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException) when (decoded.Length > 0)
        {
            // The stream is not finished: what came so far has been decoded.
        }

        return Encoding.UTF8.GetString(decoded.ToArray());
    }
}
