namespace Tremolo.Server.WebSockets;

/// <summary>Gets each whole text or binary message a <see cref="WebSocketConnection"/> reads.</summary>
public interface IWebSocketHandler
{
    /// <summary>The payload is only valid during the call.</summary>
    ValueTask OnMessageAsync(WebSocketEvent message);
}
