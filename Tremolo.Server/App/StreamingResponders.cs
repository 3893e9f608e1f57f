using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>SSE and WebSocket responses of one listener.</summary>
internal sealed class StreamingResponders : IUpgradeHandlers
{
    public Task StreamEventsAsync(HttpContext context, RouteModel route, SseModel sse) => SseResponder.StreamAsync(context, route, sse);

    public Task AcceptWebSocketAsync(HttpContext context, RouteModel route, WebSocketModel websocket) =>
        throw new HttpError(501, "websocket is not wired yet");
}
