using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9110 10.1.1: 100-continue is the only expectation; any other is 417 (Tremolo ignored
/// it). A 100-continue from an HTTP/1.0 client is ignored: no interim 100 (15.2), which
/// Tremolo sent. RFC 9112 9.6: an answer that leaves an announced body unread says
/// `Connection: close`, since the connection then closes (Tremolo said keep-alive).
/// </summary>
public sealed class Rfc9110_10_1_1_Expect : IAsyncLifetime
{
    private const string Yaml = UploadApp.Yaml + """

          - path: /ignore
            content_type: text/plain
            body: not read
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("GET /upload HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue, 200-ok\r\n\r\nabc")]
    [InlineData("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nExpect: x\r\n\r\nabc")]
    public async Task Rfc9110_10_1_1_UnknownExpectation_Is417(string request)
    {
        var answer = await _app.ExchangeAsync(request);

        Assert.StartsWith("HTTP/1.1 417 Expectation Failed\r\n", answer);
        Assert.DoesNotContain("got", answer);
    }

    [Fact]
    public async Task Rfc9110_15_2_Http10Client_GetsNoInterim100()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.0\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
        Assert.Empty(await client.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromMilliseconds(300)));

        await client.SendAsync("abc");
        var answer = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", answer);
        Assert.EndsWith("got abc", answer);
    }

    [Fact]
    public async Task Rfc9110_10_1_1_Http11Client_StillGets100()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n");
        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", System.Text.Encoding.Latin1.GetString(await client.ReadAsync(ReadUntil.Idle)));
    }

    [Fact]
    public async Task Rfc9112_9_6_UnreadBody_IsAnnouncedAsClose()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");

        var answer = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer);
        Assert.True(client.Eof);
    }

    [Fact]
    public async Task Rfc9112_9_6_ReadBody_KeepsTheConnection()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");

        var answer = System.Text.Encoding.Latin1.GetString(await client.ReadAsync(ReadUntil.Idle));
        Assert.Contains("\r\nConnection: keep-alive\r\n", answer);
        Assert.False(client.Eof);
    }
}
