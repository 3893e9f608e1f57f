using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using Tremolo.Server.Http;
using Tremolo.Server.Http.ContentCoding;

namespace Tremolo.Server.Files;

/// <summary>
/// Streams a plan's body into a connection's output (<see cref="IBodyOutput"/>): literal segments as they are, file segments read in
/// buffer-size pieces straight into the pipe's memory, with chunked framing when the plan
/// says so (one chunk per literal and per piece, as Tremolo's write() calls, then "0\r\n\r\n").
/// Flushes after every piece so a slow client holds back the reading.
/// </summary>
public static class FileBodyWriter
{
    /// <summary>sendfile()'s default buffer_size.</summary>
    public const int DefaultBufferSize = 16384;

    // the size line before the data, CRLF after it
    private const int ChunkOverhead = ResponseWriter.ChunkHeaderMax + 2;

    /// <summary>The body of an answer on a connection: into its output, cancelled with its handler.</summary>
    internal static ValueTask WriteAsync(FileResponsePlan plan, HttpContext context, int bufferSize, long rate) =>
        WriteAsync(plan, (IBodyOutput)context, bufferSize, context.HandlerAborted, rate);

    /// <summary>
    /// Writes the body, at most <paramref name="rate"/> bytes per second after the first
    /// second's worth (0: unthrottled; download_rate or the route's rate), on the output's clock. Throws <see cref="IOException"/> when the file got shorter than
    /// planned: the promised length can no longer be kept, so the engine must close the connection.
    /// </summary>
    internal static async ValueTask WriteAsync(
        FileResponsePlan plan, IBodyOutput connection, int bufferSize = DefaultBufferSize, CancellationToken cancellationToken = default, long rate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        if (!plan.HasBody)
        {
            return;
        }

        SafeFileHandle? handle = null;
        var output = connection.Output;
        var limiter = new RateLimiter(rate, connection.Time);
        long sent = 0;
        try
        {
            foreach (BodySegment segment in plan.Body)
            {
                if (!segment.IsFile)
                {
                    WritePiece(output, segment.Literal.Span, plan.Chunked);
                    if (await FlushStopsAsync(connection, cancellationToken))
                    {
                        return;
                    }

                    continue;
                }

                handle ??= File.OpenHandle(plan.File.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                long offset = segment.FileOffset;
                long remaining = segment.FileLength;
                while (remaining > 0)
                {
                    int count = (int)Math.Min(remaining, bufferSize);
                    await CopyPieceAsync(handle, offset, count, output, plan.Chunked, cancellationToken);
                    offset += count;
                    remaining -= count;
                    if (await FlushStopsAsync(connection, cancellationToken))
                    {
                        return;
                    }

                    sent += count;
                    await limiter.WaitAsync(sent, cancellationToken);
                }
            }

            if (plan.Chunked)
            {
                output.Write("0\r\n\r\n"u8);
                await connection.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// Writes the body compressed on the fly: each buffer-size piece of the file goes through
    /// <paramref name="encoder"/> and is flushed (one chunk per piece when chunked), so the
    /// file is never held whole and the send deadline applies to every piece. The rate counts
    /// the compressed bytes, the ones that use the link.
    /// </summary>
    internal static async ValueTask WriteEncodedAsync(
        FileResponsePlan plan, HttpContext context, StreamEncoder encoder, bool chunked, int bufferSize, long rate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        if (!plan.HasBody)
        {
            return;
        }

        IBodyOutput connection = context;
        var cancellationToken = context.HandlerAborted;

        var output = connection.Output;
        var limiter = new RateLimiter(rate, connection.Time);
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        long sent = 0;
        try
        {
            using var handle = File.OpenHandle(plan.File.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            foreach (BodySegment segment in plan.Body)
            {
                if (!segment.IsFile)
                {
                    WritePiece(output, encoder.Write(segment.Literal.Span), chunked);
                    continue;
                }

                long offset = segment.FileOffset;
                long remaining = segment.FileLength;
                while (remaining > 0)
                {
                    int count = (int)Math.Min(remaining, bufferSize);
                    await ReadExactlyAsync(handle, buffer.AsMemory(0, count), offset, cancellationToken);
                    var compressed = encoder.Write(buffer.AsSpan(0, count));
                    sent += compressed.Length;
                    WritePiece(output, compressed, chunked);
                    offset += count;
                    remaining -= count;
                    if (await FlushStopsAsync(connection, cancellationToken))
                    {
                        return;
                    }

                    await limiter.WaitAsync(sent, cancellationToken);
                }
            }

            WritePiece(output, encoder.Finish(), chunked);
            if (chunked)
            {
                output.Write("0\r\n\r\n"u8);
            }

            await connection.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WritePiece(PipeWriter output, ReadOnlySpan<byte> bytes, bool chunked)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (!chunked)
        {
            output.Write(bytes);
            return;
        }

        Span<byte> span = output.GetSpan(bytes.Length + ChunkOverhead);
        int head = ResponseWriter.FormatChunkHeader(span, bytes.Length);
        bytes.CopyTo(span[head..]);
        "\r\n"u8.CopyTo(span[(head + bytes.Length)..]);
        output.Advance(head + bytes.Length + 2);
    }

    private static async ValueTask CopyPieceAsync(
        SafeFileHandle handle, long offset, int count, PipeWriter output, bool chunked, CancellationToken cancellationToken)
    {
        Memory<byte> memory = output.GetMemory(count + ChunkOverhead);
        int head = chunked ? ResponseWriter.FormatChunkHeader(memory.Span, count) : 0;
        await ReadExactlyAsync(handle, memory.Slice(head, count), offset, cancellationToken);

        int length = head + count;
        if (chunked)
        {
            "\r\n"u8.CopyTo(memory.Span[length..]);
            length += 2;
        }

        output.Advance(length);
    }

    /// <summary>Fills <paramref name="data"/> from the file at <paramref name="offset"/>; a file that got shorter is an IOException.</summary>
    private static async ValueTask ReadExactlyAsync(SafeFileHandle handle, Memory<byte> data, long offset, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < data.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, data[filled..], offset + filled, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the file became shorter while it was being sent");
            }

            filled += read;
        }
    }

    private static async ValueTask<bool> FlushStopsAsync(IBodyOutput connection, CancellationToken cancellationToken)
    {
        FlushResult result = await connection.FlushAsync(cancellationToken);
        return result.IsCompleted || result.IsCanceled;
    }
}
