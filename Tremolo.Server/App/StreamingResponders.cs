using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>SSE and WebSocket responses, sharing one broadcast hub (a channel reaches both).</summary>
internal sealed class StreamingResponders(ChannelHub hub) : IUpgradeHandlers
{
    private readonly WebSocketResponder _websocket = new(hub);

    public ChannelHub Channels => hub;

    public Task StreamEventsAsync(HttpContext context, RouteModel route, SseModel sse) => SseResponder.StreamAsync(context, route, sse, hub);

    public bool TryAcceptWebSocket(HttpContext context, RouteModel route, WebSocketModel websocket) =>
        _websocket.TryAccept(context, route, websocket);
}
