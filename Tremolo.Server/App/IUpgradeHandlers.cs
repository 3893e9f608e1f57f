using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>The responses that stream or take over the connection: files, SSE, WebSocket.</summary>
internal interface IUpgradeHandlers
{
    /// <summary>response.sendfile() for `file:`, or the file below a `directory:` route (routeParams null for a file).</summary>
    Task SendFileAsync(HttpContext context, HandlerOptions options, string path, IReadOnlyDictionary<string, string>? routeParams);

    Task StreamEventsAsync(HttpContext context, RouteModel route, SseModel sse);

    Task AcceptWebSocketAsync(HttpContext context, RouteModel route, WebSocketModel websocket);
}
