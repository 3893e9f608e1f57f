using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// The head of a streamed answer (SSE, sendfile, the WebSocket 101), as Tremolo's first
/// response.write() builds it: the headers set so far, Date and Server, then Connection,
/// Content-Type and Transfer-Encoding. Streams are chunked on HTTP/1.1 unless told otherwise;
/// a HEAD or no-content answer ends the connection after its head, as in Tremolo.
/// </summary>
internal static class StreamHead
{
    /// <summary>Writes the head; false when no body may follow (HEAD, 1xx, 204, 304...).</summary>
    public static bool Write(HttpContext context, bool? chunked = null)
    {
        var response = context.Response;
        var frame = context.Framing.ForStream(chunked);
        response.Chunked = frame.IsChunked;
        ResponseWriter.AddBaseHeaders(response.Headers, context.Options.ServerName);
        response.Headers.Set("Connection", frame.Connection);
        if (!response.IsNoContent)
        {
            response.Headers.Set("Content-Type", response.ContentType);
        }

        if (frame.IsChunked)
        {
            response.Headers.Set("Transfer-Encoding", "chunked");
        }

        ResponseWriter.WriteHead(context.Output, context.Head.IsHttp11, response);
        response.HeadersSent = true;
        return frame.BodyFollows;
    }

    /// <summary>One piece of a streamed body: a chunk when chunked, else the bytes as they are.</summary>
    public static void WriteBody(HttpContext context, ReadOnlySpan<byte> data)
    {
        if (context.Response.Chunked)
        {
            if (!data.IsEmpty)
            {
                ResponseWriter.WriteChunk(context.Output, data);
            }
        }
        else
        {
            System.Buffers.BuffersExtensions.Write(context.Output, data);
        }
    }

    /// <summary>The end of a streamed body: the last chunk when chunked.</summary>
    public static void WriteEnd(HttpContext context)
    {
        if (context.Response.Chunked)
        {
            ResponseWriter.WriteChunk(context.Output, default);
        }
    }
}
