using System.Text;
using Tremolo.Server.Channels;

namespace Tremolo.Server.App;

/// <summary>
/// A channel message as one SSE event ("data:" lines), encoded once per message however many
/// listeners follow the channel. A binary message has no event form: it encodes to nothing.
/// </summary>
internal sealed class SseEventEncoding : MessageEncoding
{
    public static SseEventEncoding Instance { get; } = new();

    private SseEventEncoding()
    {
    }

    public override byte[] Encode(ChannelMessage message) =>
        message.IsText ? Encoding.UTF8.GetBytes(SseResponder.Format(message.Text, null, null, 0)) : [];
}
