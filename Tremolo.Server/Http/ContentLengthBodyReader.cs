using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>A body framed by Content-Length: exactly that many bytes, the rest stays for the next request.</summary>
internal sealed class ContentLengthBodyReader : RequestBodyReader
{
    protected override async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, HttpConnection connection, long max)
    {
        if (context.ContentLength > max)
        {
            throw new HttpError(413);
        }

        var length = (int)context.ContentLength;
        var input = connection.Transport.Input;
        var upload = UploadLimiter(connection);
        while (true)
        {
            var result = await ReceiveAsync(connection);
            var buffer = result.Buffer;
            if (buffer.Length >= length)
            {
                var body = buffer.Slice(0, length).ToArray();
                input.AdvanceTo(buffer.GetPosition(length));

                // The last read may take in much at once: the body is not handed over before the rate allows all of it.
                await upload.WaitAsync(length, connection.HandlerAborted);
                return body;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new ConnectionClosedException();
            }

            await upload.WaitAsync(buffer.Length, connection.HandlerAborted);
        }
    }
}
