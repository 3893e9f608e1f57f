namespace Tremolo.Server.WebSockets;

/// <summary>What to do with a request on a route that has a websocket endpoint.</summary>
public enum HandshakeDecision
{
    /// <summary>Not an upgrade by Tremolo's test: serve it as a plain request (the route's RESPONSE, or 404).</summary>
    NotWebSocket,
    /// <summary>Send <see cref="WebSocketHandshake.WriteAcceptResponse"/> and switch to frames.</summary>
    Accept,
    /// <summary>An upgrade RFC 6455 section 4.2.1 does not allow: answer 400 Bad Request.</summary>
    BadRequest,
    /// <summary>Not version 13: answer 426 Upgrade Required with Sec-WebSocket-Version: 13 (section 4.4).</summary>
    UpgradeRequired,
}
