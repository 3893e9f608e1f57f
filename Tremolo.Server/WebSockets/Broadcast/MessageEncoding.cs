namespace Tremolo.Server.WebSockets.Broadcast;

/// <summary>
/// One wire form of a broadcast message (a WebSocket frame, an SSE event, ...). Each message
/// is encoded at most once per encoding and the bytes are shared by every receiver, so an
/// encoding instance must be a long-lived singleton and Encode must be pure.
/// </summary>
public abstract class MessageEncoding
{
    public abstract byte[] Encode(BroadcastMessage message);
}
