namespace Tremolo.Server.WebSockets;

/// <summary>Gets each whole text or binary message a <see cref="WebSocketConnection"/> reads.</summary>
public interface IWebSocketHandler
{
    /// <summary>The payload is only valid during the call; an end (after the handler sent its close frame) stops the connection.</summary>
    ValueTask<WebSocketEnd?> OnMessageAsync(WebSocketEvent message);
}
