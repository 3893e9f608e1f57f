using System.Text;
using System.Text.Unicode;
using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSockets;

public class Rfc6455_8_1_Utf8Tests
{
    private const long CorpusLimit = 73728;

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x80 })]
    public void Rfc6455_8_1_InvalidTextIs1007(byte[] payload)
    {
        var failure = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Text, payload)));
        Assert.Equal((WebSocketEventKind.Failed, WebSocketCloseCode.InvalidPayload), (failure.Kind, failure.CloseCode));
    }

    [Fact]
    public void Rfc6455_8_1_BinaryIsNotChecked()
    {
        var message = Assert.Single(AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Binary, [0xFF, 0xC0])));
        Assert.Equal(WebSocketEventKind.Binary, message.Kind);
    }

    [Fact]
    public void Rfc6455_8_1_SequenceSplitAcrossFragmentsIsValid()
    {
        var euro = Encoding.UTF8.GetBytes("a€b😀");
        var events = AssemblerRun.Read(
            CorpusLimit,
            WsCodec.Encode(WsOpcode.Text, euro[..2], fin: false),
            WsCodec.Encode(WsOpcode.Continuation, euro[2..3], fin: false),
            WsCodec.Encode(WsOpcode.Continuation, euro[3..6], fin: false),
            WsCodec.Encode(WsOpcode.Continuation, euro[6..]));
        Assert.Equal("a€b😀", Assert.Single(events).Text);
    }

    [Fact]
    public void Rfc6455_8_1_MessageEndingInsideASequenceIs1007()
    {
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Text, [0x61, 0xE2, 0x82]));
        Assert.Equal(WebSocketCloseCode.InvalidPayload, Assert.Single(events).CloseCode);
    }

    [Fact]
    public void Rfc6455_5_6_InvalidFragmentFailsBeforeTheMessageEnds()
    {
        // A fragment ending in F4 90 can never become valid: fail fast, without waiting for the rest.
        var events = AssemblerRun.Read(CorpusLimit, WsCodec.Encode(WsOpcode.Text, [0x61, 0xF4, 0x90], fin: false));
        Assert.Equal(WebSocketCloseCode.InvalidPayload, Assert.Single(events).CloseCode);
    }

    [Fact]
    public void Rfc6455_8_1_ValidatorAgreesWithWholeBufferCheckAtEverySplit()
    {
        var random = new Random(81);
        var alphabet = new byte[] { 0x41, 0x7F, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xC0 };
        for (var round = 0; round < 3000; round++)
        {
            var data = new byte[random.Next(1, 9)];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            for (var split = 0; split <= data.Length; split++)
            {
                var validator = new Utf8StreamValidator();
                var streamed = validator.Append(data[..split]) && validator.Append(data[split..]) && validator.IsComplete;
                Assert.True(Utf8.IsValid(data) == streamed, $"{Convert.ToHexString(data)} split at {split}");
            }
        }
    }

    [Fact]
    public void Rfc6455_8_1_ValidTextInOneByteReadsIsValid()
    {
        var text = "Grüße, 世界! 😀 ok";
        var events = AssemblerRun.ReadByteByByte(CorpusLimit, WsCodec.Text(text));
        Assert.Equal(text, Assert.Single(events).Text);
    }
}
