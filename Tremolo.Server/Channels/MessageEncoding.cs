namespace Tremolo.Server.Channels;

/// <summary>
/// One wire form of a channel message (a WebSocket frame, an SSE event, ...). Each message
/// is encoded at most once per encoding and the bytes are shared by every receiver, so an
/// encoding instance must be a long-lived singleton and Encode must be pure.
/// </summary>
public abstract class MessageEncoding
{
    /// <summary>The message's bytes in this form; empty when the form does not carry such a message.</summary>
    public abstract byte[] Encode(ChannelMessage message);
}
