using System.Buffers;
using System.Text;
using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>Frames the server writes, against the bytes recorded from Tremolo (parity/cases/websocket).</summary>
public class Rfc6455_5_2_ServerFramesTests
{
    [Fact]
    public void Parity_EchoText_SevenBitTextFrame() =>
        Assert.Equal("\u0081\u000fYou said: Hello", Written(w => FrameWriter.WriteText(w, "You said: Hello")));

    [Fact]
    public void Parity_Text125And126_LengthBoundary()
    {
        Assert.Equal("\u0081}" + new string('x', 125), Written(w => FrameWriter.WriteText(w, new string('x', 125))));
        Assert.Equal("\u0081~\u0000~" + new string('y', 126), Written(w => FrameWriter.WriteText(w, new string('y', 126))));
    }

    [Fact]
    public void Parity_Binary127_SixteenBitLength() =>
        Assert.StartsWith("\u0082~\u0000\u007f\u0000\u0001\u0002", Written(w => FrameWriter.WriteBinary(w, Enumerable.Range(0, 127).Select(i => (byte)i).ToArray())));

    [Fact]
    public void Parity_Binary65536_SixtyFourBitLength()
    {
        var frame = Written(w => FrameWriter.WriteBinary(w, Enumerable.Repeat((byte)'A', 65536).ToArray()));
        Assert.Equal("\u0082\u007f\u0000\u0000\u0000\u0000\u0000\u0001\u0000\u0000AAAA", frame[..14]);
        Assert.Equal(10 + 65536, frame.Length);
    }

    [Fact]
    public void Rfc6455_5_2_MultiByteTextLengthCountsBytes() =>
        Assert.Equal("\u0081\u0002\u00c3\u00a9", Written(w => FrameWriter.WriteText(w, "é")));

    [Theory]
    [InlineData(WebSocketCloseCode.Normal, "\u0088\u0002\u0003\u00e8")]
    [InlineData(WebSocketCloseCode.ProtocolError, "\u0088\u0002\u0003\u00ea")]
    [InlineData(WebSocketCloseCode.PolicyViolation, "\u0088\u0002\u0003\u00f0")]
    [InlineData(WebSocketCloseCode.MessageTooBig, "\u0088\u0002\u0003\u00f1")]
    public void Rfc6455_5_5_1_Close_FrameCarriesOnlyTheCode(ushort code, string expected) =>
        Assert.Equal(expected, Written(w => FrameWriter.WriteClose(w, code)));

    [Fact]
    public void Parity_PongKeepsAlive_ServerPingIsEmpty() =>
        Assert.Equal("\u0089\u0000", Written(w => FrameWriter.WritePing(w)));

    [Fact]
    public void Parity_PingPong_PongEchoesThePayload() =>
        Assert.Equal("\u008a\u0002hi", Written(w => FrameWriter.WritePong(w, "hi"u8)));

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Rfc6455_5_2_EncodeEqualsWriteFrame(int length)
    {
        var payload = new byte[length];
        var written = new ArrayBufferWriter<byte>();
        FrameWriter.WriteFrame(written, WebSocketOpcode.Binary, payload);
        Assert.Equal(written.WrittenSpan.ToArray(), FrameWriter.Encode(WebSocketOpcode.Binary, payload));
    }

    private static string Written(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }
}
