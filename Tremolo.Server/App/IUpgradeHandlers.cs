using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>The responses that stream or take over the connection: SSE and WebSocket.</summary>
internal interface IUpgradeHandlers
{
    /// <summary>The channels those responses share; `publish` sends into them too.</summary>
    ChannelHub Channels { get; }

    Task StreamEventsAsync(HttpContext context, RouteModel route, SseModel sse);

    /// <summary>Takes the request over as a WebSocket, or returns false when it is not an upgrade.</summary>
    bool TryAcceptWebSocket(HttpContext context, RouteModel route, WebSocketModel websocket);
}
