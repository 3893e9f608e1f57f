using System.Text;
using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSockets;

public class Rfc6455_5_4_FragmentationTests
{
    private const long CorpusLimit = 73728;

    [Fact]
    public void Parity_FragmentedText_TwoFragmentsAreOneMessage()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text("Hel", fin: false), WsCodec.Encode(WsOpcode.Continuation, "lo"u8.ToArray()));
        var message = Assert.Single(events);
        Assert.Equal((WebSocketEventKind.Text, "Hello"), (message.Kind, message.Text));
    }

    [Fact]
    public void Rfc6455_5_4_ManyBinaryFragmentsGrowOneMessage()
    {
        var frames = new List<byte[]> { WsCodec.Encode(WsOpcode.Binary, Enumerable.Repeat((byte)1, 300).ToArray(), fin: false) };
        for (var i = 2; i < 40; i++)
        {
            frames.Add(WsCodec.Encode(WsOpcode.Continuation, Enumerable.Repeat((byte)i, 300).ToArray(), fin: false));
        }

        frames.Add(WsCodec.Encode(WsOpcode.Continuation, [0xFF]));
        var message = Assert.Single(AssemblerRun.Read(CorpusLimit, [.. frames]));
        Assert.Equal(WebSocketEventKind.Binary, message.Kind);
        Assert.Equal(39 * 300 + 1, message.Payload.Length);
        Assert.Equal(
            Enumerable.Range(1, 39).SelectMany(i => Enumerable.Repeat((byte)i, 300)).Append((byte)0xFF),
            message.Payload);
    }

    [Fact]
    public void Parity_ContinuationWithoutStart_Is1002()
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Continuation, "orphan"u8.ToArray())));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.ProtocolError), (failure.Kind, failure.CloseCode));
    }

    [Fact]
    public void Rfc6455_5_4_NewMessageInsideAFragmentedOneIs1002()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text("Hel", fin: false), WsCodec.Text("again"));
        Assert.Equal(WebSocketCloseCode.ProtocolError, Assert.Single(events).CloseCode);
    }

    [Fact]
    public void Rfc6455_5_4_ReservedOpcodeInsideAFragmentedMessageIs1002()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text("Hel", fin: false), WsCodec.Encode((WsOpcode)3, []));
        Assert.Equal(WebSocketCloseCode.ProtocolError, Assert.Single(events).CloseCode);
    }

    [Fact]
    public void Rfc6455_5_4_ControlFramesMayComeBetweenFragments()
    {
        var events = AssemblerRun.Read(
            CorpusLimit,
            WsCodec.Text("Hel", fin: false),
            WsCodec.Encode(WsOpcode.Ping, "p"u8.ToArray()),
            WsCodec.Encode(WsOpcode.Pong, []),
            WsCodec.Encode(WsOpcode.Continuation, "lo"u8.ToArray()));
        Assert.Equal([(WebSocketEventKind.Ping, "p"), (WebSocketEventKind.Text, "Hello")], events.Select(e => (e.Kind, e.Text)));
    }

    [Fact]
    public void Rfc6455_5_4_CloseBetweenFragmentsEndsTheConnection()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text("Hel", fin: false), WsCodec.Close(1000));
        Assert.Equal((WebSocketEventKind.Close, (ushort)1000), (Assert.Single(events).Kind, events[0].CloseCode));
    }

    [Fact]
    public void Parity_MaxPayload_FragmentsAreCountedTogether()
    {
        // On a 16-byte route, 10 + 10 bytes fail at the second header, before its payload.
        var second = WsCodec.Encode(WsOpcode.Continuation, new byte[10])[..6];
        var events = AssemblerRun.Read(16, WsCodec.Encode(WsOpcode.Text, Encoding.ASCII.GetBytes(new string('z', 10)), fin: false), second);
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.MessageTooBig), (Assert.Single(events).Kind, events[0].CloseCode));
    }

    [Fact]
    public void Rfc6455_5_4_LimitAppliesPerMessageNotPerConnection()
    {
        var frames = Enumerable.Range(0, 5).Select(_ => WsCodec.Text(new string('z', 16))).ToArray();
        Assert.Equal(5, AssemblerRun.Read(16, frames).Count(e => e.Kind == WebSocketEventKind.Text));
    }
}
