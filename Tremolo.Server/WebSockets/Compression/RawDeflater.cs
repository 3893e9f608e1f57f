using System.Buffers;
using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// One zlib raw-deflate stream that compresses whole messages as RFC 7692 section 7.2.1 asks:
/// the payload, a sync flush, and the flush's 00 00 FF FF tail removed. Data passes through
/// two pinned scratch buffers, so no call pins or allocates anything.
/// </summary>
internal sealed class RawDeflater : IDisposable
{
    private const int ChunkSize = 16384;

    private readonly IntPtr _stream;
    private readonly byte[] _in = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly byte[] _out = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly IntPtr _inAddress;
    private readonly IntPtr _outAddress;
    private bool _disposed;

    /// <param name="windowBits">The agreed server_max_window_bits, 9 to 15 (zlib has no raw 8).</param>
    /// <param name="memLevel">zlib's memLevel: 8 is its default; lower takes less memory per context.</param>
    public RawDeflater(int windowBits, int memLevel = 8)
    {
        _stream = ZLib.AllocStream();
        if (ZLib.DeflateInitRaw(_stream, 6, windowBits, memLevel) != ZLib.Ok)
        {
            Marshal.FreeHGlobal(_stream);
            throw new InvalidOperationException("zlib deflateInit2 failed");
        }

        _inAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_in, 0);
        _outAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_out, 0);
    }

    /// <summary>
    /// Compresses one message into <paramref name="output"/> (cleared first) and returns the
    /// bytes to send; with <paramref name="reset"/> it refers to no earlier message.
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> payload, ArrayBufferWriter<byte> output, bool reset)
    {
        output.ResetWrittenCount();
        if (reset)
        {
            ZLib.DeflateReset(_stream);
        }

        do
        {
            var count = Math.Min(payload.Length, ChunkSize);
            payload[..count].CopyTo(_in);
            payload = payload[count..];
            ZLib.SetInput(_stream, _inAddress, count);
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

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ZLib.DeflateEnd(_stream);
            Marshal.FreeHGlobal(_stream);
        }
    }

    internal static ReadOnlySpan<byte> SyncTail => [0x00, 0x00, 0xFF, 0xFF];

    private void Drain(ArrayBufferWriter<byte> output, int flush)
    {
        // zlib is done with a call once input is used up and output space was left over.
        do
        {
            ZLib.SetOutput(_stream, _outAddress, ChunkSize);
            ZLib.Deflate(_stream, flush);
            var produced = ChunkSize - ZLib.AvailOut(_stream);
            output.Write(_out.AsSpan(0, produced));
        }
        while (ZLib.AvailOut(_stream) == 0 || ZLib.AvailIn(_stream) > 0);
    }
}
