using System.Buffers;
using System.IO.Pipelines;

namespace Tremolo.Server.Http;

/// <summary>
/// How a request's body is read, chosen once when its framing is decided (as Kestrel's
/// Http1MessageBody.For): by Content-Length or chunked. The readers keep no state of their
/// own (the chunked decoder is the context's), so choosing one allocates nothing. Each piece
/// is read within request_timeout (a stall is Tremolo's 408) and throttled to upload_rate.
/// </summary>
internal abstract class RequestBodyReader
{
    private static readonly RequestBodyReader Length = new ContentLengthBodyReader();
    private static readonly RequestBodyReader Chunked = new ChunkedBodyReader();

    /// <summary>The reader for the framing <see cref="HttpContext.DecideFraming"/> found; null when there is no body.</summary>
    public static RequestBodyReader? For(HttpContext context) =>
        !context.HasBody ? null : context.IsChunked ? Chunked : Length;

    /// <summary>
    /// Reads the whole body (bounded by client_max_body_size) into pooled memory the caller
    /// gives back, after a 100 Continue when asked for.
    /// </summary>
    public async ValueTask<RequestBodyBuffer> ReadAsync(HttpContext context)
    {
        var max = context.Connection.Limits.ClientMaxBodySize;
        if (context.ExpectContinue)
        {
            if (context.ContentLength > max)
            {
                throw new HttpError(417);
            }

            // Only HTTP/1.1 asks for it (see HttpContext.DecideExpectation).
            context.Output.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
            await context.FlushAsync();
        }

        return await ReadBodyAsync(context, context.Connection, max);
    }

    protected abstract ValueTask<RequestBodyBuffer> ReadBodyAsync(HttpContext context, HttpConnection connection, long max);

    protected static RateLimiter UploadLimiter(HttpConnection connection) => new(connection.Limits.UploadRate, connection.Host.Time);

    /// <summary>One read of body bytes, bounded by request_timeout; a stall is Tremolo's 408.</summary>
    protected static async ValueTask<ReadResult> ReceiveAsync(HttpConnection connection)
    {
        var input = connection.Transport.Input;
        var deadlines = connection.Deadlines;
        deadlines.SetRead(TimeoutKind.Receive, connection.Limits.RequestTimeout);
        try
        {
            var result = await input.ReadAsync(connection.HandlerAborted);
            if (deadlines.ReadExpired == TimeoutKind.Receive)
            {
                input.AdvanceTo(result.Buffer.Start);
                throw new HttpError(408, "0: recv timeout");
            }

            if (result.IsCanceled || (result.IsCompleted && result.Buffer.IsEmpty))
            {
                throw new ConnectionClosedException();
            }

            return result;
        }
        finally
        {
            deadlines.ClearRead();
        }
    }
}
