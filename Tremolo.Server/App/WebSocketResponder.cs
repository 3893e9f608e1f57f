using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;
using Tremolo.Server.WebSockets;
using Tremolo.Server.WebSockets.Compression;

namespace Tremolo.Server.App;

/// <summary>
/// The no-code WebSocket endpoints' handshake: Tremolo's test of an upgrade request, its
/// refusals (400, 426, 403 for a foreign Origin) and its 101 head; a <see cref="WebSocketSession"/> then takes over.
/// </summary>
internal sealed class WebSocketResponder(ChannelHub hub)
{
    /// <summary>
    /// Answers the upgrade; false when the request is not one by Tremolo's test (no body,
    /// Upgrade: websocket, a key), so the route serves it as a plain request.
    /// </summary>
    public bool TryAccept(HttpContext context, RouteModel route, WebSocketModel model)
    {
        switch (Decide(context, out var key))
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

        if (model.Origins is { } origins && !OriginAllowed(context.Head, origins))
        {
            // Cross-site WebSocket hijacking: a page from a foreign site is refused before any 101.
            throw new HttpError(403);
        }

        var response = context.Response;
        response.SetStatus(101, "Switching Protocols");
        response.Headers.Set("Upgrade", "websocket");
        response.Headers.Set("Sec-WebSocket-Accept", WebSocketHandshake.ComputeAccept(key!));
        var deflate = DeflateNegotiation.Negotiate(
            Joined(context.Head, "sec-websocket-extensions"u8), DeflateModeOf(model.Compression ?? context.Options.WsCompression));
        if (deflate is not null)
        {
            response.Headers.Set("Sec-WebSocket-Extensions", deflate.ResponseHeader);
        }

        StreamHead.Write(context);
        context.Upgrade = new WebSocketSession(hub, context, route, model, deflate);
        return true;
    }

    private static HandshakeDecision Decide(HttpContext context, out string? key)
    {
        var head = context.Head;
        key = head.TryGetFirst("sec-websocket-key"u8, out var value) ? Latin1.GetString(value) : null;
        return WebSocketHandshake.Evaluate(
            head.Method,
            head.Version,
            context.HasBody,
            First(head, "upgrade"u8),
            Joined(head, "connection"u8),
            key,
            First(head, "sec-websocket-version"u8));
    }

    /// <summary>A request without Origin is not a browser's and is allowed; a present one must match a pattern.</summary>
    private static bool OriginAllowed(HttpRequestHead head, IReadOnlyList<OriginPattern> origins)
    {
        if (Joined(head, "origin"u8) is not { } origin)
        {
            return true;
        }

        foreach (var pattern in origins)
        {
            if (pattern.Matches(origin))
            {
                return true;
            }
        }

        return false;
    }

    private static string? First(HttpRequestHead head, ReadOnlySpan<byte> name) =>
        head.TryGetFirst(name, out var value) ? KnownStrings.HeaderValue(value) : null;

    private static string? Joined(HttpRequestHead head, ReadOnlySpan<byte> name)
    {
        string? joined = null;
        foreach (ref readonly var field in head.Fields)
        {
            if (head.NameOf(field).SequenceEqual(name))
            {
                var value = KnownStrings.HeaderValue(head.ValueOf(field));
                joined = joined is null ? value : joined + "," + value;
            }
        }

        return joined;
    }

    /// <summary>The config's compression setting as the protocol layer names it.</summary>
    private static DeflateMode DeflateModeOf(WebSocketCompression compression) => compression switch
    {
        WebSocketCompression.Shared => DeflateMode.Shared,
        WebSocketCompression.Dedicated => DeflateMode.Dedicated,
        _ => DeflateMode.Off,
    };
}
