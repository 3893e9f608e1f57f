using System.Text.Unicode;
using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// The `publish` body form: renders the channel and the message and hands the message to the
/// hub, the path a member's message takes (so the channel's history, its SSE followers and,
/// with a broker, every node get it). The message goes out as rendered: a member's `format`
/// is the member's. Answers 202 Accepted with no body unless the RESPONSE sets a status.
/// </summary>
internal static class PublishResponder
{
    public static void Publish(HttpContext context, PublishBody publish, ResponseModel response, ChannelHub hub)
    {
        var channel = RenderContext.Text(publish.Channel, context);
        if (channel.Length == 0)
        {
            // As an empty redirect location: a template failure (500 and a log line), not a publish to nowhere.
            throw new TemplateRenderException($"publish channel \"{publish.Channel.Source}\" rendered empty");
        }

        var message = publish.Message is { } template
            ? ChannelMessage.FromText(RenderContext.Text(template, context))
            : BodyAsIs(context);
        hub.Publish(channel, message);
        if (response.Status is null)
        {
            context.Response.SetStatus(202, response.Message ?? ReasonPhrases.For(202));
        }
    }

    /// <summary>The request body unchanged; channel messages are text, so it must be UTF-8.</summary>
    private static ChannelMessage BodyAsIs(HttpContext context)
    {
        var body = (context.Body ?? default).Span;
        if (!Utf8.IsValid(body))
        {
            throw HttpError.BadRequest("the body to publish is not UTF-8 text");
        }

        return ChannelMessage.FromUtf8(body);
    }
}
