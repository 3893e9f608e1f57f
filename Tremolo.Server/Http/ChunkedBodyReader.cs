namespace Tremolo.Server.Http;

/// <summary>
/// A chunked body, decoded to its end into pooled memory; its raw size counts against
/// client_max_body_size. Tremolo does not read past the last chunk, so the connection closes
/// after this request.
/// </summary>
internal sealed class ChunkedBodyReader : RequestBodyReader
{
    protected override async ValueTask<RequestBodyBuffer> ReadBodyAsync(HttpContext context, HttpConnection connection, long max)
    {
        var input = connection.Transport.Input;
        var body = await RequestBodyBuffer.RentAsync(BodyMemoryBudget.Shared, max, 0, connection.HandlerAborted);
        try
        {
            var upload = UploadLimiter(connection);
            var chunked = context.ChunkedDecoder;
            chunked.Reset();
            while (!chunked.IsComplete)
            {
                var result = await ReceiveAsync(connection);
                var buffer = result.Buffer;
                var consumed = chunked.Decode(buffer, body);
                if (chunked.RawBytes > max)
                {
                    throw new ConnectionClosedException(400, "Bad Request", "payload too large");
                }

                // What the decoder took is in the body: the socket buffer keeps only an unfinished line.
                if (chunked.IsComplete)
                {
                    input.AdvanceTo(consumed);
                }
                else
                {
                    input.AdvanceTo(consumed, buffer.End);
                    if (result.IsCompleted)
                    {
                        throw new ConnectionClosedException();
                    }
                }

                await upload.WaitAsync(chunked.RawBytes, connection.HandlerAborted);
            }

            context.Framing.Close();
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
