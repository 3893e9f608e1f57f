using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// The two ways Tremolo answers with a body it has in hand: a handler's return (framed
/// chunked on HTTP/1.1 unless chunked: false, response rules run before the head goes
/// out) and response.end() (always Content-Length: middleware answers, error pages, redirects).
/// </summary>
internal static class Answers
{
    /// <summary>A handler's `return data`, as Tremolo's _handle_response frames it.</summary>
    public static async Task ReturnAsync(HttpContext context, ReadOnlyMemory<byte> data, HandlerOptions options, IReadOnlyList<RuleModel> responseRules)
    {
        var response = context.Response;
        data = ResponseEncoding.Apply(context, data, options);
        var frame = context.Framing.ForReturn(options.Chunked);
        response.Chunked = frame.IsChunked;
        if (!response.IsNoContent)
        {
            response.Headers.Set("Content-Type", response.ContentType);
        }

        if (frame.Body == BodyFraming.Chunked)
        {
            response.Headers.Set("Transfer-Encoding", "chunked");
        }
        else if (frame.Body == BodyFraming.ContentLength)
        {
            response.Headers.Set("Content-Length", DecimalStrings.Of(data.Length));
        }

        response.Headers.Set("Connection", frame.Connection);
        if (responseRules.Count > 0 && await RuleRunner.RunResponseRulesAsync(context, responseRules))
        {
            return;
        }

        ResponseWriter.AddBaseHeaders(response.Headers, context.Options.ServerName);
        ResponseWriter.WriteHead(context.Output, context.Head.IsHttp11, response);
        response.HeadersSent = true;
        if (!frame.BodyFollows)
        {
            return;
        }

        await BodyWriter.WriteAsync(context, data, frame.IsChunked, options);
        if (frame.IsChunked)
        {
            ResponseWriter.WriteChunk(context.Output, default);
        }
    }

    /// <summary>response.end(data): one Content-Length answer; keep-alive only if asked and allowed.</summary>
    public static void End(HttpContext context, string text, Encoding encoding, bool keepAlive)
    {
        var response = context.Response;
        var data = ResponseEncoding.ApplyToEnd(context, encoding.GetBytes(text));
        ResponseWriter.AddBaseHeaders(response.Headers, context.Options.ServerName);
        var frame = context.Framing.ForEnd(keepAlive);
        ResponseWriter.WriteEnd(context.Output, context.Head.IsHttp11, response, data.Span, frame.SaysKeepAlive, omitBody: !frame.BodyFollows);
        response.HeadersSent = true;
    }
}
