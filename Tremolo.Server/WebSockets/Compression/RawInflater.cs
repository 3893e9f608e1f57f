using System.Buffers;

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
internal sealed class RawInflater() : ZStream(stream => ZLib.InflateInitRaw(stream, 15), "inflateInit2")
{
    /// <summary>
    /// Inflates one message. On <see cref="InflateStatus.Done"/> <paramref name="message"/> is a
    /// pooled array (return it to <see cref="ArrayPool{T}.Shared"/>) holding <paramref name="length"/> bytes.
    /// With <paramref name="reset"/> the message may not refer to earlier ones (client_no_context_takeover).
    /// </summary>
    public InflateStatus Inflate(ReadOnlySpan<byte> compressed, long limit, bool reset, out byte[]? message, out int length)
    {
        if (reset)
        {
            ZLib.InflateReset(Stream);
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
            ZLib.InflateReset(Stream);
        }

        if (status != InflateStatus.Done)
        {
            ZLib.InflateReset(Stream);
            if (message is not null)
            {
                ArrayPool<byte>.Shared.Return(message);
                message = null;
            }
        }

        return status;
    }

    protected override void End() => ZLib.InflateEnd(Stream);

    private InflateStatus Feed(ReadOnlySpan<byte> input, long limit, ref byte[]? message, ref int length, out bool ended)
    {
        ended = false;
        while (!input.IsEmpty)
        {
            input = SetInput(input);
            do
            {
                SetOutput();
                var result = ZLib.Inflate(Stream, ZLib.SyncFlush);
                if (result < 0 && result != ZLib.BufError)
                {
                    return InflateStatus.Corrupt;
                }

                if (result == ZLib.BufError)
                {
                    // No progress possible: this input is used up.
                    break;
                }

                if (length + (long)Produced.Length > limit)
                {
                    return InflateStatus.TooBig;
                }

                Append(ref message, ref length, limit);
                if (result == ZLib.StreamEnd)
                {
                    // Whatever follows the final block is not part of the message.
                    ended = true;
                    return InflateStatus.Done;
                }
            }
            while (MayHaveMore);
        }

        return InflateStatus.Done;
    }

    private void Append(ref byte[]? message, ref int length, long limit)
    {
        var produced = Produced;
        if (produced.IsEmpty)
        {
            message ??= ArrayPool<byte>.Shared.Rent(1);
            return;
        }

        var needed = length + produced.Length;
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

        produced.CopyTo(message.AsSpan(length));
        length = needed;
    }
}
