using System.IO.Compression;

namespace Tremolo.Server.Http.ContentCoding;

/// <summary>Compresses a whole body with one Content-Encoding coding (System.IO.Compression).</summary>
internal static class BodyEncoder
{
    public static byte[] Encode(string coding, ReadOnlySpan<byte> body)
    {
        if (coding == "br")
        {
            // Quality 4 / window 22: Brotli's fast setting, the one Caddy and ASP.NET use by default for dynamic bodies.
            var output = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
            if (!BrotliEncoder.TryCompress(body, output, out var written, quality: 4, window: 22))
            {
                throw new InvalidOperationException("brotli output larger than its bound");
            }

            return output[..written];
        }

        using var buffer = new MemoryStream(body.Length / 2 + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }
}
