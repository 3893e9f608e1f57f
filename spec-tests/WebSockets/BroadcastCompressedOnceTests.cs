using Tremolo.Server.Channels;
using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>Issue 12 item 3: a broadcast message is deflated once per window size, whoever asks and however often.</summary>
public sealed class BroadcastCompressedOnceTests
{
    [Fact]
    public async Task EveryMemberGetsTheSameCompressedBytes()
    {
        var message = ChannelMessage.FromText(string.Concat(Enumerable.Repeat("fan-out ", 500)));
        var encoding = CompressedFrameEncoding.For(15);
        var frames = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => message.GetEncoded(encoding))));
        Assert.All(frames, frame => Assert.True(frame.Equals(frames[0]), "one array shared by all"));
        Assert.Equal(0xC1, frames[0].Span[0]); // FIN + RSV1 + text
        Assert.NotEqual(frames[0], message.GetEncoded(CompressedFrameEncoding.For(10)));
    }
}
