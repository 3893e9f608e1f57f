using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// Server-Sent Events as Tremolo's lib/sse.py writes them: text/event-stream with its
/// cache headers, one chunk per event ("data:" per line, then event, id, retry), and the
/// last chunk when the stream ends.
/// </summary>
internal static class SseResponder
{
    public static async Task StreamAsync(HttpContext context, RouteModel route, SseModel sse)
    {
        var response = context.Response;
        response.SetContentType("text/event-stream");
        response.Headers.Set("Cache-Control", "no-cache, must-revalidate");
        response.Headers.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
        if (route.Response is { } decorations)
        {
            ResponseDecorator.Apply(context, decorations with { Body = null, ContentType = null });
        }

        if (!StreamHead.Write(context))
        {
            return;
        }

        foreach (var item in sse.Events)
        {
            var data = RenderContext.Text(item.Data, context);
            StreamHead.WriteBody(context, Encoding.UTF8.GetBytes(Format(data, item.Event, item.Id, item.Retry)));
            await context.FlushAsync();
        }

        StreamHead.WriteEnd(context);
    }

    /// <summary>One event: data stripped of surrounding newlines, each inner line its own "data:".</summary>
    public static string Format(string data, string? eventName, string? id, int retry)
    {
        var builder = new StringBuilder("data: ").Append(data.Trim('\n').Replace("\n", "\ndata: ", StringComparison.Ordinal));
        foreach (var (name, value) in new[] { ("event", eventName), ("id", id) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new HttpError(500);
            }

            builder.Append('\n').Append(name).Append(": ").Append(value);
        }

        if (retry != 0)
        {
            builder.Append("\nretry: ").Append(retry);
        }

        return builder.Append("\n\n").ToString();
    }
}
