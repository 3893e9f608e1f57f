using System.Buffers;
using System.Text;
using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>Section 5.2 and 5.1 on the receiving side, with the corpus's frames and limits (websocket app: 73728; /small: 16).</summary>
public class Rfc6455_5_2_BaseFramingTests
{
    private const long CorpusLimit = 73728;

    [Fact]
    public void Rfc6455_5_2_SevenBitLengthText()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text("Hello"));
        var message = Assert.Single(events);
        Assert.Equal(WebSocketEventKind.Text, message.Kind);
        Assert.Equal("Hello", message.Text);
    }

    [Theory]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Rfc6455_5_2_SixteenAndSixtyFourBitLengths(int length)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var message = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Binary, payload)));
        Assert.Equal(WebSocketEventKind.Binary, message.Kind);
        Assert.Equal(payload, message.Payload);
    }

    [Fact]
    public void Rfc6455_5_2_FrameReadByteByByteGivesTheSameMessage()
    {
        var frames = WsCodec.Text("one").Concat(WsCodec.Encode(WsOpcode.Binary, new byte[300])).Concat(WsCodec.Text("two")).ToArray();
        var events = AssemblerRun.ReadByteByByte(CorpusLimit, frames);
        Assert.Equal([WebSocketEventKind.Text, WebSocketEventKind.Binary, WebSocketEventKind.Text], events.Select(e => e.Kind));
        Assert.Equal(["one", "two"], new[] { events[0].Text, events[2].Text });
        Assert.Equal(new byte[300], events[1].Payload);
    }

    [Fact]
    public void Rfc6455_5_2_FrameAcrossSegmentsIsUnmaskedInPlace()
    {
        var payload = Encoding.UTF8.GetBytes(new string('q', 1000));
        var frame = WsCodec.Encode(WsOpcode.Text, payload);
        var events = AssemblerRun.Read(new MessageAssembler(CorpusLimit), AssemblerRun.Segmented(frame, 1, 3, 7, 8, 9, 100, 513, 514));
        Assert.Equal(payload, Assert.Single(events).Payload);
    }

    [Fact]
    public void Rfc6455_5_2_IncompleteHeaderConsumesNothing()
    {
        var assembler = new MessageAssembler(CorpusLimit);
        var input = new ReadOnlySequence<byte>(WsCodec.Text("Hello")[..5]);
        Assert.False(assembler.TryRead(ref input, out _));
        Assert.Equal(5, input.Length);
    }

    [Fact]
    public void Rfc6455_5_2_PartialPayloadIsConsumedAsItComes()
    {
        var assembler = new MessageAssembler(CorpusLimit);
        var frame = WsCodec.Text("Hello");
        var input = new ReadOnlySequence<byte>(frame[..8]);
        Assert.False(assembler.TryRead(ref input, out _));
        Assert.Equal(0, input.Length);
        input = new ReadOnlySequence<byte>(frame[8..]);
        Assert.True(assembler.TryRead(ref input, out var message));
        Assert.Equal("Hello", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public void Parity_TooLargeDeclared_SixtyFourBitLengthIsRefusedBeforeItsPayload()
    {
        // too_large_declared_1009: only the header and key are sent.
        var header = WsCodec.Encode(WsOpcode.Binary, [], length: 73729);
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, header));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.MessageTooBig), (failure.Kind, failure.CloseCode));
    }

    [Fact]
    public void Parity_TooLargeDeclared_RefusedAsSoonAsTheLengthIsKnown()
    {
        var lengthOnly = WsCodec.Encode(WsOpcode.Binary, [], length: 73729)[..10];
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, lengthOnly));
        Assert.Equal(WebSocketCloseCode.MessageTooBig, failure.CloseCode);
    }

    [Fact]
    public void Parity_RouteMaxPayload_AboveTheLimitIsRefusedBeforeItsPayload()
    {
        // route_max_payload_1009: 20 bytes on a 16-byte route; refused from the header alone.
        var header = WsCodec.Encode(WsOpcode.Text, new byte[20])[..6];
        Assert.Equal(WebSocketCloseCode.MessageTooBig, Assert.Single(AssemblerRun.Read(16, header)).CloseCode);
    }

    [Fact]
    public void Parity_RouteMaxPayload_AtTheLimitIsFine()
    {
        var message = Assert.Single(AssemblerRun.Read(16, WsCodec.Text(new string('z', 16))));
        Assert.Equal(new string('z', 16), message.Text);
    }

    [Fact]
    public void Parity_SixteenBitLengthAboveTheLimitIs1009()
    {
        var header = WsCodec.Encode(WsOpcode.Binary, [], length: 200)[..8];
        Assert.Equal(WebSocketCloseCode.MessageTooBig, Assert.Single(AssemblerRun.Read(199, header)).CloseCode);
    }

    [Fact]
    public void Rfc6455_5_2_SixtyFourBitLengthWithTheTopBitSetIs1002()
    {
        var frame = WsCodec.Encode(WsOpcode.Binary, [], length: 73729);
        frame[2] = 0x80;
        Assert.Equal(WebSocketCloseCode.ProtocolError, Assert.Single(AssemblerRun.Read(CorpusLimit, frame)).CloseCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Rfc6455_5_2_ReservedBitsWithoutExtensionAre1002(int rsv)
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Text, "x"u8.ToArray(), rsv: rsv)));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.ProtocolError), (failure.Kind, failure.CloseCode));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(0xB)]
    [InlineData(0xF)]
    public void Parity_UnsupportedOpcode_ReservedOpcodesAre1008(int opcode)
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode((WsOpcode)opcode, "??"u8.ToArray())));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.PolicyViolation), (failure.Kind, failure.CloseCode));
    }

    [Fact]
    public void Rfc6455_5_1_UnmaskedClientFrameIs1002()
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Text, "Hello"u8.ToArray(), mask: false)));
        Assert.Equal(WebSocketCloseCode.ProtocolError, failure.CloseCode);
    }

    [Fact]
    public void Rfc6455_5_6_EmptyTextMessageIsDelivered()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Text(""), WsCodec.Text("after"));
        Assert.Equal([("", WebSocketEventKind.Text), ("after", WebSocketEventKind.Text)], events.Select(e => (e.Text, e.Kind)));
    }
}
