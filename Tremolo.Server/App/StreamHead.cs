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
        var status = response.Status;
        var noContent = response.IsNoContent;
        response.Chunked = chunked ?? (context.Head.IsHttp11 && !noContent);
        ResponseWriter.AddBaseHeaders(response.Headers, context.Options.ServerName);
        SetConnection(context);
        if (!noContent)
        {
            response.Headers.Set("Content-Type", response.ContentType);
        }

        if (response.Chunked)
        {
            response.Headers.Set("Transfer-Encoding", "chunked");
        }

        var bodyFollows = !(context.Head.IsHead || noContent);
        if (!bodyFollows && status is not (101 or 426))
        {
            context.KeepAlive = false;
        }

        ResponseWriter.WriteHead(context.Output, context.Head.IsHttp11, response);
        response.HeadersSent = true;
        return bodyFollows;
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

    /// <summary>Tremolo's set_connection: without chunking or a length only closing can end the body.</summary>
    private static void SetConnection(HttpContext context)
    {
        var response = context.Response;
        if (!context.AnswerKeepAlive)
        {
            context.KeepAlive = false;
            response.Headers.Set("Connection", "close");
            return;
        }

        if (response.Status != 101 && !response.Chunked && !response.Headers.Contains("Content-Length"))
        {
            context.KeepAlive = false;
        }

        response.Headers.Set("Connection", response.Status is 101 or 426 ? "upgrade" : "keep-alive");
    }
}
