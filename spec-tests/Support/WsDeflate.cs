using System.IO.Compression;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// The test codec's permessage-deflate (RFC 7692 section 7.2) on .NET's own DeflateStream, an
/// implementation independent of the server's: compress = deflate + sync flush with the
/// 00 00 FF FF tail removed; inflate = payload + that tail.
/// </summary>
public static class WsDeflate
{
    public static readonly byte[] Tail = [0x00, 0x00, 0xFF, 0xFF];

    public static byte[] Compress(byte[] data)
    {
        if (data.Length == 0)
        {
            // An empty stored block without its LEN/NLEN tail: what 7.2.1 makes of no data.
            return [0x00];
        }

        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
            deflate.Flush();
            var flushed = buffer.ToArray();
            if (flushed.AsSpan().EndsWith(Tail))
            {
                return flushed[..^4];
            }
        }

        throw new InvalidOperationException("DeflateStream.Flush did not sync-flush");
    }

    /// <summary>Inflates one message (or several takeover messages, each followed by <see cref="Tail"/>, given whole).</summary>
    public static byte[] Inflate(byte[] payload) => InflateRaw([.. payload, .. Tail]);

    public static byte[] InflateRaw(byte[] stream)
    {
        using var deflate = new DeflateStream(new MemoryStream(stream), CompressionMode.Decompress);
        using var output = new MemoryStream();
        deflate.CopyTo(output);
        return output.ToArray();
    }
}
