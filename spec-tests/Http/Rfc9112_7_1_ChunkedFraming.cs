using System.Buffers;
using System.Text;
using Tremolo.Server.Http;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9112 7.1.1 (chunk extensions are well-formed or refused), 7.1.2 (a trailer section
/// is read and may be discarded) and 2.2 (a bare LF in chunk framing): each is answered at
/// once, never left waiting for a CRLF that will not come. Tremolo ignored everything after
/// ';' and refused every trailer (docs/deviations.md).
/// </summary>
public sealed class Rfc9112_7_1_ChunkedFraming : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(UploadApp.Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("5;\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;=x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a b\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a@b\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\"x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a\u0001\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a\rb\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\"\u007f\"\r\nhello\r\n0\r\n\r\n")]
    public void Rfc9112_7_1_1_InvalidChunkExtension_Is400(string body) =>
        Assert.Equal("bad chunked encoding: invalid chunk extension", Error(body));

    [Theory]
    [InlineData("5;a\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 ; a = b ;c\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\"q \\\" d\";b=t\r\nhello\r\n0;last\r\n\r\n")]
    public void Rfc9112_7_1_1_ValidChunkExtensions_AreIgnored(string body) => Assert.Equal("hello", Decode(body));

    [Theory]
    [InlineData("5;\nhello\r\n0\r\n\r\n")]
    [InlineData("5\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\n\n")]
    [InlineData("5\r\nhello\r\n0\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nX-A: b\n\r\n")]
    public void Rfc9112_2_2_BareLfInChunkFraming_Is400(string body) =>
        Assert.Equal("bad chunked encoding: bare LF", Error(body));

    [Fact]
    public void Rfc9112_7_1_BareLfAfterChunkData_Is400WithoutWaitingForASecondByte() =>
        Assert.Equal("bad chunked encoding: invalid chunk terminator", Error("5\r\nhello\n"));

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nA: 1\r\nB:\r\n\r\n")]
    public void Rfc9112_7_1_2_TrailerSection_IsReadAndDiscarded(string body) => Assert.Equal("hello", Decode(body));

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\nno colon\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nBad Name: x\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nA: \u0001\r\n\r\n")]
    public void Rfc9112_7_1_2_MalformedTrailerField_Is400(string body) =>
        Assert.Equal("bad chunked encoding: invalid trailer field", Error(body));

    [Fact]
    public void Rfc9112_7_1_2_EndlessTrailerSection_Is400() =>
        Assert.Equal("bad chunked encoding: trailer section too large", Error("0\r\n" + string.Concat(Enumerable.Repeat("X-Pad: aaaaaaaaaaaaaaaa\r\n", 400))));

    [Theory]
    [InlineData("5;\nhello\r\n0\r\n\r\n", "bad chunked encoding: bare LF")]
    [InlineData("5\r\nhello\r\n0\r\n\n", "bad chunked encoding: bare LF")]
    [InlineData("5;a\u0001\r\nhello\r\n0\r\n\r\n", "bad chunked encoding: invalid chunk extension")]
    public async Task Rfc9112_7_1_BadFramingOverTheWire_Is400AtOnce(string body, string reason)
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        // The client sent everything it will: the answer must not wait for request_timeout.
        var answer = await client.ReadToCloseAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.EndsWith("\r\n\r\n" + reason, answer);
    }

    [Fact]
    public async Task Rfc9112_7_1_2_TrailerOverTheWire_IsServed()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");

        var answer = await client.ReadToCloseAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("got hello", answer);
    }

    private static string Decode(string body)
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new ArrayBufferWriter<byte>();
        decoder.Decode(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)), output);
        Assert.True(decoder.IsComplete);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private static string Error(string body) =>
        Assert.Throws<HttpError>(() => new ChunkedBodyDecoder().Decode(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)), new ArrayBufferWriter<byte>())).Text;
}
