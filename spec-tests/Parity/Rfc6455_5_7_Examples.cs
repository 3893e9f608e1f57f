using System.Text.Json;

namespace Tremolo.SpecTests.Parity;

/// <summary>RFC 6455 section 5.7's example frames, built from ws_send objects as the corpus writes them.</summary>
public sealed class Rfc6455_5_7_Examples
{
    private static byte[] Frame(string json) => WsClientFrame.Parse(JsonDocument.Parse(json).RootElement).ToBytes();

    [Fact]
    public void MaskedHelloUsesTheFixedKey()
        => Assert.Equal([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58], Frame("""{"payload": "Hello"}"""));

    [Fact]
    public void UnmaskedHello()
        => Assert.Equal([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], Frame("""{"payload": "Hello", "mask": false}"""));

    [Fact]
    public void FragmentedUnmaskedText()
    {
        Assert.Equal([0x01, 0x03, 0x48, 0x65, 0x6c], Frame("""{"payload": "Hel", "fin": false, "mask": false}"""));
        Assert.Equal([0x80, 0x02, 0x6c, 0x6f], Frame("""{"opcode": 0, "payload": "lo", "mask": false}"""));
    }

    [Fact]
    public void BinaryWith16BitLength()
        => Assert.Equal([0x82, 0x7e, 0x01, 0x00], Frame("""{"opcode": 2, "payload": "x", "repeat": 256, "mask": false}""")[..4]);

    [Fact]
    public void BinaryWith64BitLength()
        => Assert.Equal([0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0, 0], Frame("""{"opcode": 2, "payload": "x", "repeat": 65536, "mask": false}""")[..10]);

    [Fact]
    public void DeclaredLengthMayExceedThePayload()
        => Assert.Equal([0x82, 0xff, 0, 0, 0, 0, 0, 0x01, 0x20, 0x01, 0x37, 0xfa, 0x21, 0x3d], Frame("""{"opcode": 2, "payload": "", "length": 73729}"""));

    [Fact]
    public void RsvBitsAndOwnKey()
        => Assert.Equal([0xf1, 0x81, 0x01, 0x02, 0x03, 0x04, 0x60], Frame("""{"rsv": 7, "payload": "a", "mask_key": "\u0001\u0002\u0003\u0004"}"""));
}
