namespace Tremolo.Server.WebSockets;

public enum WebSocketEventKind
{
    /// <summary>A whole text message (valid UTF-8) in <see cref="WebSocketEvent.Payload"/>.</summary>
    Text,
    /// <summary>A whole binary message in <see cref="WebSocketEvent.Payload"/>.</summary>
    Binary,
    /// <summary>The client pinged: answer with a pong carrying <see cref="WebSocketEvent.Payload"/>.</summary>
    Ping,
    /// <summary>The client closed with <see cref="WebSocketEvent.CloseCode"/> (1005 when it gave none).</summary>
    Close,
    /// <summary>The client broke the protocol or a limit: close with <see cref="WebSocketEvent.CloseCode"/>.</summary>
    Failed,
}

/// <summary>What <see cref="MessageAssembler.TryRead"/> produced. Payload is valid until the next TryRead.</summary>
public readonly record struct WebSocketEvent(WebSocketEventKind Kind, ReadOnlyMemory<byte> Payload, ushort CloseCode, string Reason);
