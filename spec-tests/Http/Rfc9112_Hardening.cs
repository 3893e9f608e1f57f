using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9112 where Tremolo is lax (docs/deviations.md): each smuggling or framing vector is
/// answered 400 in Tremolo's error format (short reason, Content-Length, Connection: close)
/// and the connection is closed; nothing reaches the app. Over a real socket.
/// </summary>
public sealed class Rfc9112_Hardening : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(UploadApp.Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", "unexpected Transfer-Encoding")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", "unexpected Transfer-Encoding")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "unexpected Transfer-Encoding")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "ambiguous Content-Length")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", "ambiguous Content-Length")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", "bad Content-Length")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3 3\r\n\r\nabc", "bad Content-Length")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999\r\n\r\nabc", "bad Content-Length")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3x\r\nabc\r\n0\r\n\r\n", "bad chunked encoding")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "bad chunked encoding: invalid chunk terminator")]
    [InlineData("GET /upload HTTP/1.1\r\nHost: x\r\n folded: y\r\n\r\n", "bad request: obsolete line folding")]
    [InlineData("GET /upload HTTP/1.1\r\nHost: x\r\nX-Tab\t: y\r\n\r\n", "bad request: invalid field name")]
    [InlineData("GET /upload HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\r\n\r\n", "bad request: invalid field value")]
    [InlineData("GET /upl\u0001oad HTTP/1.1\r\nHost: x\r\n\r\n", "bad request: invalid request target")]
    [InlineData("G\"T /upload HTTP/1.1\r\nHost: x\r\n\r\n", "bad request: invalid method")]
    public async Task Rfc9112_FramingVector_Is400AndClose(string request, string reason)
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync(request);
        var answer = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\n" +
            $"Content-Length: {reason.Length}\r\nConnection: close\r\n", answer);
        Assert.EndsWith("\r\n\r\n" + reason, answer);
        Assert.True(client.Eof);
    }

    [Fact]
    public async Task Rfc9110_15_6_6_UnsupportedMajorVersion_Is505()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /upload HTTP/2.0\r\nHost: x\r\n\r\n");
        var answer = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.0 505 HTTP Version Not Supported\r\n", answer);
        Assert.EndsWith("\r\n\r\nHTTP version not supported", answer);
    }

    [Fact]
    public async Task Rfc9112_BareCrInAField_IsRefused()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /upload HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n");
        var answer = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.True(client.Eof);
    }

    [Fact]
    public async Task Rfc9112_SmuggledRequestAfterRefusal_IsNeverServed()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /upload HTTP/1.1\r\nHost: x\r\n\r\n");
        var answer = await client.ReadToCloseAsync();
        Assert.Single(answer.Split("HTTP/1.1 "), s => s.Length > 0);
        Assert.Contains("ambiguous Content-Length", answer);
    }
}
