using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSockets;

public class Rfc6455_5_5_ControlFramesTests
{
    private const long CorpusLimit = 73728;

    [Fact]
    public void Rfc6455_5_5_ControlFrameOver125BytesIs1002()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Ping, new byte[126]));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.ProtocolError), (Assert.Single(events).Kind, events[0].CloseCode));
    }

    [Fact]
    public void Rfc6455_5_5_ControlFrameOf125BytesIsFine()
    {
        var payload = Enumerable.Range(0, 125).Select(i => (byte)i).ToArray();
        var ping = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Ping, payload)));
        Assert.Equal(WebSocketEventKind.Ping, ping.Kind);
        Assert.Equal(payload, ping.Payload);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Rfc6455_5_5_FragmentedControlFrameIs1002(int opcode)
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Encode((WsOpcode)opcode, [], fin: false));
        Assert.Equal(WebSocketCloseCode.ProtocolError, Assert.Single(events).CloseCode);
    }

    [Fact]
    public void Rfc6455_5_5_1_Close_WithCodeIsReported()
    {
        var close = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Close(1000)));
        Assert.Equal((WebSocketEventKind.Close, (ushort)1000), (close.Kind, close.CloseCode));
    }

    [Fact]
    public void Rfc6455_5_5_1_Close_WithoutCodeIs1005()
    {
        var close = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Close, [])));
        Assert.Equal((WebSocketEventKind.Close, WebSocketCloseCode.NoStatus), (close.Kind, close.CloseCode));
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1011)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void Rfc6455_7_4_1_Close_CodesAPeerMaySend(int code)
    {
        var close = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Close((ushort)code, "bye")));
        Assert.Equal((WebSocketEventKind.Close, (ushort)code), (close.Kind, close.CloseCode));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public void Rfc6455_7_4_1_Close_CodesThatMayNotBeSentAre1002(int code)
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Close((ushort)code)));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.ProtocolError), (failure.Kind, failure.CloseCode));
    }

    [Fact]
    public void Rfc6455_5_5_1_Close_OneBytePayloadIs1002() =>
        Assert.Equal(WebSocketCloseCode.ProtocolError, Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Close, [0x03]))).CloseCode);

    [Fact]
    public void Rfc6455_5_5_1_Close_ReasonThatIsNotUtf8Is1007()
    {
        var frame = WsCodec.Encode(WsOpcode.Close, [0x03, 0xE8, 0xC3, 0x28]);
        Assert.Equal(WebSocketCloseCode.InvalidPayload, Assert.Single(AssemblerRun.Read(CorpusLimit, frame)).CloseCode);
    }

    [Fact]
    public void Parity_PingPong_PingGivesItsPayloadToAnswer()
    {
        var ping = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Ping, "hi"u8.ToArray())));
        Assert.Equal((WebSocketEventKind.Ping, "hi"), (ping.Kind, ping.Text));
    }

    [Fact]
    public void Parity_PongKeepsAlive_PongIsSwallowedAndTheNextMessageFollows()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Pong, []), WsCodec.Text("still here"));
        Assert.Equal((WebSocketEventKind.Text, "still here"), (Assert.Single(events).Kind, events[0].Text));
    }
}
