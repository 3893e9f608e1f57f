using System.Buffers;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// One zlib raw-deflate stream that compresses whole messages as RFC 7692 section 7.2.1 asks:
/// the payload, a sync flush, and the flush's 00 00 FF FF tail removed.
/// </summary>
/// <param name="windowBits">The agreed server_max_window_bits, 9 to 15 (zlib has no raw 8).</param>
/// <param name="memLevel">zlib's memLevel: 8 is its default; lower takes less memory per context.</param>
internal sealed class RawDeflater(int windowBits, int memLevel = 8)
    : ZStream(stream => ZLib.DeflateInitRaw(stream, 6, windowBits, memLevel), "deflateInit2")
{
    /// <summary>
    /// Compresses one message into <paramref name="output"/> (cleared first) and returns the
    /// bytes to send; with <paramref name="reset"/> it refers to no earlier message.
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> payload, ArrayBufferWriter<byte> output, bool reset)
    {
        output.ResetWrittenCount();
        if (reset)
        {
            ZLib.DeflateReset(Stream);
        }

        do
        {
            payload = SetInput(payload);
            Drain(output, payload.IsEmpty ? ZLib.SyncFlush : ZLib.NoFlush);
        }
        while (!payload.IsEmpty);

        // The sync flush ends with an empty stored block, 00 00 FF FF: the receiver puts it back.
        var written = output.WrittenSpan;
        if (!written.EndsWith(SyncTail))
        {
            throw new InvalidOperationException("zlib sync flush did not end with an empty stored block");
        }

        return written[..^SyncTail.Length];
    }

    internal static ReadOnlySpan<byte> SyncTail => [0x00, 0x00, 0xFF, 0xFF];

    protected override void End() => ZLib.DeflateEnd(Stream);

    private void Drain(ArrayBufferWriter<byte> output, int flush)
    {
        do
        {
            SetOutput();
            ZLib.Deflate(Stream, flush);
            output.Write(Produced);
        }
        while (MayHaveMore);
    }
}
