using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>The test codec's decoder on RFC 6455 section 5.7's example frames, so what the suite reads from a server is itself checked.</summary>
public sealed class Rfc6455_5_7_DecodeExamples
{
    [Fact]
    public void UnmaskedHello()
    {
        var frame = WsCodec.Decode([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], out var used);
        Assert.Equal((WsOpcode.Text, "Hello", 7), (frame!.Opcode, Encoding.ASCII.GetString(frame.Payload), used));
    }

    [Fact]
    public void MaskedHello()
    {
        var frame = WsCodec.Decode([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58], out var used);
        Assert.Equal((WsOpcode.Text, "Hello", 11), (frame!.Opcode, Encoding.ASCII.GetString(frame.Payload), used));
    }

    [Fact]
    public void FragmentedHelloIsTwoFramesTheFirstNotFinal()
    {
        byte[] wire = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f];
        Assert.Equal(new WsHeader(false, 0, WsOpcode.Text, false, 3, 2), WsCodec.ReadHeader(wire));
        var first = WsCodec.Decode(wire, out var used);
        var second = WsCodec.Decode(wire.AsSpan(used), out _);
        Assert.Equal(("Hel", WsOpcode.Continuation, "lo"), (Encoding.ASCII.GetString(first!.Payload), second!.Opcode, Encoding.ASCII.GetString(second.Payload)));
    }

    [Theory]
    [InlineData(256, 4)]
    [InlineData(65536, 10)]
    public void ExtendedLengths(int length, int headerSize)
    {
        var wire = WsCodec.Encode(WsOpcode.Binary, new byte[length], mask: false);
        Assert.Equal(headerSize, WsCodec.ReadHeader(wire)!.Value.Size);
        Assert.Null(WsCodec.Decode(wire.AsSpan(0, wire.Length - 1), out _));
        Assert.Equal(length, WsCodec.Decode(wire, out _)!.Payload.Length);
    }

    [Fact]
    public void Rsv1MarksACompressedMessage() =>
        Assert.True(WsCodec.Decode([0xc1, 0x01, 0x00], out _)!.Rsv1);
}
