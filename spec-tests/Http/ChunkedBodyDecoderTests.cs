using System.Buffers;
using System.Text;
using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Http;

/// <summary>RFC 9112 7.1 chunked transfer coding, with Tremolo's strictness and error texts.</summary>
public class ChunkedBodyDecoderTests
{
    private static string Decode(params string[] pieces)
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new ArrayBufferWriter<byte>();
        var pending = Array.Empty<byte>();
        foreach (var piece in pieces)
        {
            var buffer = pending.Concat(Encoding.Latin1.GetBytes(piece)).ToArray();
            var sequence = new ReadOnlySequence<byte>(buffer);
            var consumed = decoder.Decode(sequence, output);
            pending = sequence.Slice(consumed).ToArray();
        }

        Assert.True(decoder.IsComplete);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private static string Error(string body) =>
        Assert.Throws<HttpError>(() => new ChunkedBodyDecoder().Decode(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)), new ArrayBufferWriter<byte>())).Text;

    [Fact]
    public void Rfc9112_7_1_ChunksAndExtensions_AreDecoded() => Assert.Equal("Hello, world", Decode("5;ext=1\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n"));

    [Fact]
    public void Rfc9112_7_1_PiecemealInput_IsDecoded() => Assert.Equal("abcdefg", Decode("4\r\nab", "cd\r\n", "3\r\nefg\r\n", "0\r\n", "\r\n"));

    [Theory]
    [InlineData("-1\r\n", "bad chunked encoding")]
    [InlineData("05\r\nhello\r\n", "bad chunked encoding")]
    [InlineData("5 \r\nhello\r\n", "bad chunked encoding")]
    [InlineData("fffffffffffffffff\r\n", "bad chunked encoding")]
    [InlineData("1\r\nA\rX", "bad chunked encoding: invalid chunk terminator")]
    [InlineData("1\r\nAB\r\n", "bad chunked encoding: invalid chunk terminator")]
    public void Rfc9112_7_1_BadChunk_Is400WithTremolosText(string body, string text) => Assert.Equal(text, Error(body));

    [Fact]
    public void Tremolo_SizeLineWithoutCrlfWithin64Bytes_Is400() =>
        Assert.Equal("bad chunked encoding: no chunk size", Error(new string('a', 65)));

    [Fact]
    public void Tremolo_RawBytes_CountFraming()
    {
        var decoder = new ChunkedBodyDecoder();
        decoder.Decode(new ReadOnlySequence<byte>("3\r\nabc\r\n0\r\n\r\n"u8.ToArray()), new ArrayBufferWriter<byte>());
        Assert.Equal(13, decoder.RawBytes);
    }
}
