using Tremolo.Server.Channels;

namespace Tremolo.Server.WebSockets;

/// <summary>A channel message as one unmasked server frame: text or binary as it was published.</summary>
public sealed class WebSocketFrameEncoding : MessageEncoding
{
    public static WebSocketFrameEncoding Instance { get; } = new();

    private WebSocketFrameEncoding()
    {
    }

    public override byte[] Encode(ChannelMessage message) =>
        FrameWriter.Encode(message.IsText ? WebSocketOpcode.Text : WebSocketOpcode.Binary, message.Payload.Span);
}
