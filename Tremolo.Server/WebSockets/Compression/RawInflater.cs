using System.Buffers;
using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>How inflating one message ended.</summary>
internal enum InflateStatus
{
    Done,
    /// <summary>The output would pass the limit: stopped before taking more memory.</summary>
    TooBig,
    Corrupt,
}

/// <summary>
/// One zlib raw-inflate stream (a 15-bit window reads data made with any smaller one). A
/// message is inflated as RFC 7692 section 7.2.2 asks: its payload with 00 00 FF FF put back
/// at the end. Output grows into pooled arrays only up to the caller's limit, checked chunk by
/// chunk, so a small frame that would inflate to gigabytes is refused after at most the limit.
/// </summary>
internal sealed class RawInflater : IDisposable
{
    private const int ChunkSize = 16384;

    private readonly IntPtr _stream;
    private readonly byte[] _in = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly byte[] _out = GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    private readonly IntPtr _inAddress;
    private readonly IntPtr _outAddress;
    private bool _disposed;

    public RawInflater()
    {
        _stream = ZLib.AllocStream();
        if (ZLib.InflateInitRaw(_stream, 15) != ZLib.Ok)
        {
            Marshal.FreeHGlobal(_stream);
            throw new InvalidOperationException("zlib inflateInit2 failed");
        }

        _inAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_in, 0);
        _outAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_out, 0);
    }

    /// <summary>
    /// Inflates one message. On <see cref="InflateStatus.Done"/> <paramref name="message"/> is a
    /// pooled array (return it to <see cref="ArrayPool{T}.Shared"/>) holding <paramref name="length"/> bytes.
    /// With <paramref name="reset"/> the message may not refer to earlier ones (client_no_context_takeover).
    /// </summary>
    public InflateStatus Inflate(ReadOnlySpan<byte> compressed, long limit, bool reset, out byte[]? message, out int length)
    {
        if (reset)
        {
            ZLib.InflateReset(_stream);
        }

        message = null;
        length = 0;
        var status = Feed(compressed, limit, ref message, ref length, out var ended);
        if (status == InflateStatus.Done && !ended)
        {
            status = Feed(RawDeflater.SyncTail, limit, ref message, ref length, out ended);
        }

        if (ended)
        {
            // A final (BFINAL) block ends zlib's stream: the next message starts a new one.
            ZLib.InflateReset(_stream);
        }

        if (status != InflateStatus.Done)
        {
            ZLib.InflateReset(_stream);
            if (message is not null)
            {
                ArrayPool<byte>.Shared.Return(message);
                message = null;
            }
        }

        return status;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ZLib.InflateEnd(_stream);
            Marshal.FreeHGlobal(_stream);
        }
    }

    private InflateStatus Feed(ReadOnlySpan<byte> input, long limit, ref byte[]? message, ref int length, out bool ended)
    {
        ended = false;
        while (!input.IsEmpty)
        {
            var count = Math.Min(input.Length, ChunkSize);
            input[..count].CopyTo(_in);
            input = input[count..];
            ZLib.SetInput(_stream, _inAddress, count);
            do
            {
                ZLib.SetOutput(_stream, _outAddress, ChunkSize);
                var result = ZLib.Inflate(_stream, ZLib.SyncFlush);
                if (result < 0 && result != ZLib.BufError)
                {
                    return InflateStatus.Corrupt;
                }

                if (result == ZLib.BufError)
                {
                    // No progress possible: this input is used up.
                    break;
                }

                var produced = ChunkSize - ZLib.AvailOut(_stream);
                if (length + (long)produced > limit)
                {
                    return InflateStatus.TooBig;
                }

                Append(ref message, ref length, produced, limit);
                if (result == ZLib.StreamEnd)
                {
                    // Whatever follows the final block is not part of the message.
                    ended = true;
                    return InflateStatus.Done;
                }
            }
            while (ZLib.AvailOut(_stream) == 0 || ZLib.AvailIn(_stream) > 0);
        }

        return InflateStatus.Done;
    }

    private void Append(ref byte[]? message, ref int length, int produced, long limit)
    {
        if (produced == 0)
        {
            message ??= ArrayPool<byte>.Shared.Rent(1);
            return;
        }

        var needed = length + produced;
        if (message is null || message.Length < needed)
        {
            var size = (int)Math.Min(limit, Math.Max(needed, Math.Max(256, (message?.Length ?? 0) * 2L)));
            var larger = ArrayPool<byte>.Shared.Rent(size);
            if (message is not null)
            {
                message.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(message);
            }

            message = larger;
        }

        _out.AsSpan(0, produced).CopyTo(message.AsSpan(length));
        length = needed;
    }
}
