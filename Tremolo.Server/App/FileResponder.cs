using Tremolo.Server.Files;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// response.sendfile() on the wire: the planner decides status, ranges and headers; the head
/// goes out through the streamed-head path (so request-rule headers come first, as in
/// Tremolo), then the planned body at the route's rate (or download_rate).
/// </summary>
internal static class FileResponder
{
    public static async Task SendAsync(HttpContext context, FileInfo file, string contentType, int bufferSize, long rate)
    {
        var head = context.Head;
        var plan = FileResponsePlanner.Plan(file, Request(head), contentType);
        if (plan.Error is { } error)
        {
            throw new HttpError(error.Code, error.Text, error.Message);
        }

        var response = context.Response;
        response.SetStatus(plan.Status, plan.Reason);
        foreach (var header in plan.Headers)
        {
            response.Headers.Set(header.Name, header.Value);
        }

        foreach (var header in plan.HeadersAfterConnection)
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.SetContentType(header.Value);
            }
        }

        if (plan.CloseAfter)
        {
            // Tremolo answers a file HEAD or a 304 with keep-alive, then closes.
            context.Framing.CloseAfterResponse();
        }

        if (StreamHead.Write(context, plan.Chunked))
        {
            await FileBodyWriter.WriteAsync(plan, context, bufferSize, rate);
        }
    }

    private static FileRequest Request(HttpRequestHead head)
    {
        List<string>? ranges = null;
        string? ifRange = null;
        string? ifModifiedSince = null;
        foreach (ref readonly var field in head.Fields)
        {
            var name = head.NameOf(field);
            if (name.SequenceEqual("range"u8))
            {
                (ranges ??= []).Add(Latin1.GetString(head.ValueOf(field)));
            }
            else if (name.SequenceEqual("if-range"u8))
            {
                ifRange ??= Latin1.GetString(head.ValueOf(field));
            }
            else if (name.SequenceEqual("if-modified-since"u8))
            {
                ifModifiedSince ??= Latin1.GetString(head.ValueOf(field));
            }
        }

        return new FileRequest(head.Method, head.Version, ranges, ifRange, ifModifiedSince);
    }
}
