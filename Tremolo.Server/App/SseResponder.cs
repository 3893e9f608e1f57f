using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;
using Tremolo.Server.Http.ContentCoding;

namespace Tremolo.Server.App;

/// <summary>
/// Server-Sent Events as Tremolo's lib/sse.py writes them: text/event-stream with its
/// cache headers, one chunk per event ("data:" per line, then event, id, retry), and the
/// last chunk when the stream ends. Under `encode` the events are compressed as they go, each
/// one flushed so it decodes at the client as it arrives.
/// </summary>
internal static class SseResponder
{
    public static async Task StreamAsync(HttpContext context, RouteModel route, SseModel sse, ChannelHub hub)
    {
        var response = context.Response;
        response.SetContentType("text/event-stream");
        response.Headers.Set("Cache-Control", "no-cache, must-revalidate");
        response.Headers.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
        if (route.Response is { } decorations)
        {
            ResponseDecorator.Apply(context, decorations with { Body = null, ContentType = null });
        }

        using var encoder = ResponseEncoding.ForStream(context, route.Options);
        if (!StreamHead.Write(context))
        {
            return;
        }

        foreach (var item in sse.Events)
        {
            var data = RenderContext.Text(item.Data, context);
            WriteEvent(context, encoder, Encoding.UTF8.GetBytes(Format(data, item.Event, item.Id, item.Retry)));
            context.CountMessageSent();
            await context.FlushAsync();
        }

        if (sse.Channel is { } channel)
        {
            await FollowChannelAsync(context, channel.Render(RenderContext.Base(context), escapeHtml: false), hub, encoder);
            return;
        }

        if (encoder is not null)
        {
            StreamHead.WriteBody(context, encoder.Finish());
        }

        StreamHead.WriteEnd(context);
    }

    private static void WriteEvent(HttpContext context, StreamEncoder? encoder, ReadOnlySpan<byte> data) =>
        StreamHead.WriteBody(context, encoder is null ? data : encoder.Write(data));

    /// <summary>
    /// Streams every text message published on the channel (by WebSocket members too) as an
    /// event, until the client goes away; a listener that falls behind is dropped.
    /// </summary>
    private static async Task FollowChannelAsync(HttpContext context, string channel, ChannelHub hub, StreamEncoder? encoder)
    {
        context.Framing.Close();
        context.HoldAsSession();
        using var member = hub.Join(channel, 0, dropped =>
        {
            DroppedMembers.Log(context, dropped);
            context.Abort();
        });

        // The head goes out now that the listener is on the channel: a quiet channel still opens the stream.
        await context.FlushAsync();
        var gone = context.WaitForPeerCloseAsync();
        while (true)
        {
            var next = member.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(next, gone) == gone || !await next)
            {
                return;
            }

            while (member.TryRead(out var message))
            {
                WriteEvent(context, encoder, message.GetEncoded(SseEventEncoding.Instance).Span);
                context.CountMessageSent();
            }

            await context.FlushAsync();
        }
    }

    /// <summary>
    /// One event: data stripped of surrounding line breaks, each inner line its own "data:".
    /// The event-stream format ends a line at CR, LF or CRLF, so all three split the data
    /// (Tremolo splits at LF only: a bare CR in a message could start a field of its own).
    /// </summary>
    public static string Format(string data, string? eventName, string? id, int retry)
    {
        var builder = new StringBuilder("data: ");
        var rest = data.AsSpan().Trim("\r\n");
        while (rest.IndexOfAny('\r', '\n') is var end and >= 0)
        {
            builder.Append(rest[..end]).Append("\ndata: ");
            var skip = rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1;
            rest = rest[(end + skip)..];
        }

        builder.Append(rest);
        foreach (var (name, value) in new[] { ("event", eventName), ("id", id) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            // The loader refuses line breaks in event and id; this keeps a stream intact whatever the caller.
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
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
