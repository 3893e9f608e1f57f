using Tremolo.Server.Channels;
using Tremolo.Server.WebSockets.Compression;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// A channel message as one permessage-deflate frame (RSV1 set), compressed with no context
/// from earlier messages: made once per message and window size and shared by every member that
/// agreed server_no_context_takeover with that window, however many there are.
/// </summary>
public sealed class CompressedFrameEncoding : MessageEncoding
{
    private static readonly CompressedFrameEncoding[] ByWindowBits =
        Enumerable.Range(0, 16).Select(bits => new CompressedFrameEncoding(bits)).ToArray();

    private readonly int _windowBits;

    private CompressedFrameEncoding(int windowBits) => _windowBits = windowBits;

    /// <param name="windowBits">The agreed server_max_window_bits, 9 to 15.</param>
    public static CompressedFrameEncoding For(int windowBits) => ByWindowBits[windowBits];

    public override byte[] Encode(ChannelMessage message) =>
        FrameWriter.Encode(
            message.IsText ? WebSocketOpcode.Text : WebSocketOpcode.Binary,
            MessageDeflater.SharedCompress(message.Payload.Span, _windowBits),
            compressed: true);
}
