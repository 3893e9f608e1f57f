using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>The responses that stream or take over the connection: SSE and WebSocket.</summary>
internal interface IUpgradeHandlers
{
    Task StreamEventsAsync(HttpContext context, RouteModel route, SseModel sse);

    Task AcceptWebSocketAsync(HttpContext context, RouteModel route, WebSocketModel websocket);
}
