using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// Issue 3 item 3: a route reads the body only when one of its templates or conditions uses
/// request.body or request.form, and then within client_max_body_size (Tremolo's 413, 417
/// and 100 Continue). A route that does not use it answers at once and, as Tremolo, closes
/// the connection because the body was left unread.
/// </summary>
public sealed class Issue3_BodyReadOnlyWhenUsed : IAsyncLifetime
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    private const string Yaml = """
        server:
          client_max_body_size: 1024
        routes:
          - path: /ignore
            content_type: text/plain
            body: body not read
          - path: /ignore-template
            content_type: text/plain
            template: "{{ request.method }} {{ query.a }} {{ headers['content-length'] }}"
          - path: /upload
            content_type: text/plain
            template: "got {{ request.body | string.size }}"
          - path: /form
            content_type: text/plain
            template: "a={{ request.form.a | array.join ',' }}"
          - path: /header-uses-body
            content_type: text/plain
            headers: {X-Body: "{{ request.body }}"}
            body: plain
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Theory]
    [InlineData("/ignore", "body not read")]
    [InlineData("/ignore-template?a=1", "POST 1 10485760")]
    public async Task UnusedBodyIsNeverReadThenTheConnectionCloses(string target, string body)
    {
        using var connection = await WireConnection.OpenAsync(App);
        var response = await connection.RequestAsync($"POST {target} HTTP/1.1\r\nHost: h\r\nContent-Length: {TenMegabytes}\r\n\r\n");

        // Tremolo says keep-alive, then closes; the header tells the truth here (docs/deviations.md, RFC 9112 9.6).
        Assert.Equal(("HTTP/1.1 200 OK", "close", body), (response.StatusLine, response.Header("Connection"), response.Body));
        Assert.Equal("", await connection.Reader.ReadToCloseAsync(TimeSpan.FromSeconds(5)));
        Assert.True(connection.Client.Eof);
    }

    [Fact]
    public async Task UnusedBodyGetsNoContinue()
    {
        using var connection = await WireConnection.OpenAsync(App);
        var response = await connection.RequestAsync(
            $"POST /ignore HTTP/1.1\r\nHost: h\r\nContent-Length: {TenMegabytes}\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", "body not read"), (response.StatusLine, response.Body));
    }

    [Theory]
    [InlineData("/upload")]
    [InlineData("/form")]
    [InlineData("/header-uses-body")]
    public async Task UsedBodyOverTheLimitIs413(string target)
    {
        using var connection = await WireConnection.OpenAsync(App);
        var response = await connection.RequestAsync($"POST {target} HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\n\r\n");
        Assert.Equal(("HTTP/1.1 413 Payload Too Large", "close", "Payload Too Large"), (response.StatusLine, response.Header("Connection"), response.Body));
        Assert.Equal("", await connection.Reader.ReadToCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task UsedBodyAtTheLimitIsRead()
    {
        var body = new string('b', 1024);
        var response = await WireConnection.RequestAsync(App, $"POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 1024\r\n\r\n{body}");
        Assert.Equal("got 1024", response.Body);
    }

    [Fact]
    public async Task ExpectContinueOverTheLimitIs417()
    {
        var response = await WireConnection.RequestAsync(App,
            "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 4096\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(("HTTP/1.1 417 Expectation Failed", "Expectation Failed"), (response.StatusLine, response.Body));
    }

    [Fact]
    public async Task ExpectContinueUnderTheLimitGets100ThenTheAnswer()
    {
        using var connection = await WireConnection.OpenAsync(App);
        await connection.SendAsync("POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.Reader.ReadResponseAsync();
        Assert.Equal(("HTTP/1.1 100 Continue", 0), (interim.StatusLine, interim.Headers.Count));

        await connection.SendAsync("a=1&a=2");
        var response = await connection.Reader.ReadResponseAsync();
        Assert.Equal(("HTTP/1.1 200 OK", "keep-alive", "a=1,2"), (response.StatusLine, response.Header("Connection"), response.Body));
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIsRefused()
    {
        using var connection = await WireConnection.OpenAsync(App);
        var response = await connection.RequestAsync(
            $"POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n{new string('c', 2048)}\r\n0\r\n\r\n");
        // Tremolo's bare answer: no length, the body ends with the connection.
        Assert.Equal(("HTTP/1.0 400 Bad Request", "payload too large"), (response.StatusLine, response.Body));
        Assert.Equal("", await connection.Reader.ReadToCloseAsync(TimeSpan.FromSeconds(5)));
    }
}
