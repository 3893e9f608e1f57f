using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>A body framed by Content-Length: exactly that many bytes, the rest stays for the next request.</summary>
internal sealed class ContentLengthBodyReader : RequestBodyReader
{
    /// <summary>Copies each read into the pooled body as it comes, so the socket buffer never holds the whole body.</summary>
    protected override async ValueTask<RequestBodyBuffer> ReadBodyAsync(HttpContext context, HttpConnection connection, long max)
    {
        if (context.ContentLength > max)
        {
            throw new HttpError(413);
        }

        var length = (int)context.ContentLength;
        var input = connection.Transport.Input;
        var upload = UploadLimiter(connection);
        var body = await RequestBodyBuffer.RentAsync(BodyMemoryBudget.Shared, length, length, connection.HandlerAborted);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var result = await ReceiveAsync(connection);
                var buffer = result.Buffer;
                var take = (int)Math.Min(remaining, buffer.Length);
                foreach (var segment in buffer.Slice(0, take))
                {
                    body.Write(segment.Span);
                }

                input.AdvanceTo(buffer.GetPosition(take));
                remaining -= take;
                if (remaining > 0 && result.IsCompleted)
                {
                    throw new ConnectionClosedException();
                }

                // The last read may take in much at once: the body is not handed over before the rate allows all of it.
                await upload.WaitAsync(length - remaining, connection.HandlerAborted);
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
