using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Server.WebSockets;
using Tremolo.Server.WebSockets.Broadcast;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// The no-code WebSocket endpoints: the handshake (Tremolo's 101 head), then an echo of each
/// message through `format`, or a broadcast to every member of the channel, the sender
/// included, in one order for all. Binary messages go back (or out) as they came.
/// </summary>
internal sealed class WebSocketResponder(BroadcastHub hub)
{
    /// <summary>
    /// Answers the upgrade; false when the request is not one by Tremolo's test (no body,
    /// Upgrade: websocket, a key), so the route serves it as a plain request.
    /// </summary>
    public bool TryAccept(HttpContext context, RouteModel route, WebSocketModel model)
    {
        switch (Decide(context))
        {
            case HandshakeDecision.NotWebSocket:
                return false;
            case HandshakeDecision.BadRequest:
                throw HttpError.BadRequest("bad request: invalid WebSocket handshake");
            case HandshakeDecision.UpgradeRequired:
                var error = new HttpError(426);
                error.ExtraHeaders.Add(new("Sec-WebSocket-Version", WebSocketHandshake.SupportedVersion));
                throw error;
        }

        context.Head.TryGetFirst("sec-websocket-key"u8, out var key);
        var response = context.Response;
        response.SetStatus(101, "Switching Protocols");
        response.Headers.Set("Upgrade", "websocket");
        response.Headers.Set("Sec-WebSocket-Accept", WebSocketHandshake.ComputeAccept(Latin1.GetString(key)));
        StreamHead.Write(context);
        context.Upgrade = () => RunAsync(context, route, model);
        return true;
    }

    private async Task RunAsync(HttpContext context, RouteModel route, WebSocketModel model)
    {
        var options = context.Options;
        var transport = context.Connection.Transport;
        var scope = RenderContext.Base(context);
        var channel = model.Mode == WebSocketMode.Broadcast
            ? (model.Channel is { } name ? name.Render(scope, escapeHtml: false) : route.Path)
            : null;
        var messageScope = channel is null ? scope : scope.With(channel: channel);
        var echoesAsIs = IsIdentity(model.Format);

        // Joined before the 101 goes out: a client holding its handshake answer misses nothing
        // published after it. A member that falls max_queue_size messages behind is dropped.
        using var member = channel is null ? null : hub.Join(channel, model.History, _ => transport.Abort());
        await context.FlushAsync();
        await using var socket = new WebSocketConnection(
            transport.Input, transport.Output, model.MaxPayloadSize ?? options.WsMaxPayloadSize, TimeSpan.FromSeconds(options.RequestTimeout));
        var pump = Task.CompletedTask;
        try
        {
            if (model.Greeting is { } greeting)
            {
                await socket.SendTextAsync(greeting.Render(messageScope, escapeHtml: false));
            }

            pump = member is null ? Task.CompletedTask : socket.PumpAsync(member, context.Connection.HandlerAborted);
            await socket.RunAsync(
                message =>
                {
                    if (message.Kind == WebSocketEventKind.Binary || echoesAsIs)
                    {
                        return DeliverAsync(socket, member, message.Kind == WebSocketEventKind.Text, message.Payload);
                    }

                    var text = Encoding.UTF8.GetString(message.Payload.Span);
                    var formatted = model.Format.Render(messageScope.With(message: text, channel: channel), escapeHtml: false);
                    return DeliverAsync(socket, member, isText: true, Encoding.UTF8.GetBytes(formatted));
                },
                context.Connection.HandlerAborted);
        }
        catch (TemplateRenderException failed)
        {
            // RFC 6455 7.4.1: 1011, the server hit a condition it cannot serve (Tremolo just drops the socket).
            context.Connection.Listener.Log.Error($"{context.Head.Path}: websocket template: {failed.GetType().Name}: {failed.Message}");
            await socket.CloseAsync(1011);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping: say so (1001 Going Away) before the connection ends.
            await socket.CloseAsync(1001);
        }
        finally
        {
            member?.Dispose();
            await pump.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        await transport.LingerAsync();
    }

    /// <summary>
    /// Echo sends the frame back on this socket; broadcast publishes a copy to the channel,
    /// where every member (this one included) gets it in the channel's one order.
    /// </summary>
    private static async ValueTask DeliverAsync(WebSocketConnection socket, ChannelMember? member, bool isText, ReadOnlyMemory<byte> payload)
    {
        if (member is not null)
        {
            member.Publish(isText ? BroadcastMessage.FromUtf8(payload.Span) : BroadcastMessage.FromBinary(payload.Span));
        }
        else if (isText)
        {
            await socket.SendTextUtf8Async(payload);
        }
        else
        {
            await socket.SendBinaryAsync(payload);
        }
    }

    /// <summary>format: "{{ message }}" sends the message back untouched, with no render at all.</summary>
    private static bool IsIdentity(CompiledTemplate format) =>
        format.Source.Replace(" ", "", StringComparison.Ordinal) == "{{message}}";

    private static HandshakeDecision Decide(HttpContext context)
    {
        var head = context.Head;
        return WebSocketHandshake.Evaluate(
            head.Method,
            head.Version,
            context.HasBody,
            First(head, "upgrade"u8),
            Joined(head, "connection"u8),
            First(head, "sec-websocket-key"u8),
            First(head, "sec-websocket-version"u8));
    }

    private static string? First(HttpRequestHead head, ReadOnlySpan<byte> name) =>
        head.TryGetFirst(name, out var value) ? Latin1.GetString(value) : null;

    private static string? Joined(HttpRequestHead head, ReadOnlySpan<byte> name)
    {
        string? joined = null;
        foreach (ref readonly var field in head.Fields)
        {
            if (head.NameOf(field).SequenceEqual(name))
            {
                var value = Latin1.GetString(head.ValueOf(field));
                joined = joined is null ? value : joined + "," + value;
            }
        }

        return joined;
    }
}
