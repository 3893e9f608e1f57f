namespace Tremolo.Server.WebSockets;

public enum WebSocketEndReason
{
    /// <summary>The client sent a close frame; the server answered with close 1000, as Tremolo.</summary>
    ClientClosed,
    /// <summary>The client broke the protocol or a limit; the server sent the matching close code.</summary>
    ProtocolFailure,
    /// <summary>request_timeout passed without a byte from the client; the server sent close 1000.</summary>
    TimedOut,
    /// <summary>The client's stream ended without a close frame; a close 1000 was attempted.</summary>
    ClientGone,
}

/// <summary>How a WebSocket connection ended; the caller then closes the transport.</summary>
/// <param name="ClientCode">The code in the client's close frame (1005 when none), else 0.</param>
/// <param name="SentCode">The code of the close frame the server sent.</param>
public readonly record struct WebSocketEnd(WebSocketEndReason Reason, ushort SentCode, ushort ClientCode, string Detail);
