using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Tremolo.Server.Http;

/// <summary>
/// Reads the next request head off a connection with Tremolo's limits: client_max_header_size,
/// request_timeout for the first request (then a bare 408) and keepalive_timeout for the next
/// ones (then a silent close); a draining connection reads no further.
/// </summary>
internal static class RequestHeadReader
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<HeadRead> ReadAsync(HttpConnection connection, HttpRequestHead head, bool first)
    {
        var options = connection.Limits;
        var input = connection.Transport.Input;
        var deadlines = connection.Deadlines;
        deadlines.SetRead(first ? TimeoutKind.Request : TimeoutKind.KeepAlive, first ? options.RequestTimeout : options.KeepaliveTimeout);
        try
        {
            while (true)
            {
                if (connection.IsDraining)
                {
                    return HeadRead.Closed;
                }

                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                if (TryTakeHead(buffer, head, options.ClientMaxHeaderSize, out var consumed, out var failure))
                {
                    input.AdvanceTo(consumed);
                    return HeadRead.Taken;
                }

                if (failure is not null)
                {
                    input.AdvanceTo(buffer.End);
                    return new HeadRead(400, "Bad Request", failure);
                }

                if (deadlines.ReadExpired is TimeoutKind.Request)
                {
                    var timeout = options.RequestTimeout.ToString("G6", CultureInfo.InvariantCulture);
                    input.AdvanceTo(buffer.End);
                    return new HeadRead(408, "Request Timeout", $"request timeout after {timeout}s");
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    // Peer closed, keep-alive timeout, eviction or shutdown: close silently.
                    input.AdvanceTo(buffer.End);
                    return HeadRead.Closed;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            deadlines.ClearRead();
        }
    }

    /// <summary>Finds a complete head; Tremolo's size checks decide between waiting and refusing.</summary>
    private static bool TryTakeHead(in ReadOnlySequence<byte> buffer, HttpRequestHead head, int maxHeaderSize, out SequencePosition consumed, out string? failure)
    {
        failure = null;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> block, "\r\n\r\n"u8))
        {
            // Tremolo measures the head up to and including the CRLF of its last line.
            if (block.Length + 2 > maxHeaderSize)
            {
                failure = "request header too large";
                return false;
            }

            RequestHeadParser.Parse(buffer.Slice(0, block.Length + 2), head);
            consumed = reader.Position;
            return true;
        }

        if (buffer.Length > maxHeaderSize)
        {
            failure = "bad request";
        }

        return false;
    }
}

/// <summary>
/// What reading a head came to: a head, a silent close, or a bare answer before closing
/// (<see cref="Status"/> non-zero: 400 for a head too large, 408 for request_timeout).
/// </summary>
internal readonly record struct HeadRead(int Status, string Message, string Text)
{
    public static readonly HeadRead Taken = new(0, "", "");

    public static readonly HeadRead Closed = new(-1, "", "");

    public bool IsTaken => Status == 0;
}
