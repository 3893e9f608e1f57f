using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9112 3.2: the four forms of a request target and who may use them, RFC 3986 2 (a
/// target is ASCII), RFC 9112 3.2 (no fragment), RFC 9110 9.1 (methods are case-sensitive).
/// Tremolo routed all of these as paths (404); its answers are recorded beside ours in
/// spec-tests/Parity/Deviations/hello.
/// </summary>
public sealed class Rfc9112_3_2_RequestTargetForms : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /page
            methods:
              get: {body: got it}
          - path: /any
            body: any method
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Rfc9112_3_2_4_OptionsAsterisk_AsksTheServer()
    {
        var answer = await _app.ExchangeAsync("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("\r\nContent-Length: 0\r\n", answer);
        Assert.Contains("\r\nConnection: keep-alive\r\n", answer);
    }

    [Theory]
    [InlineData("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: the asterisk-form is only for OPTIONS")]
    [InlineData("POST * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 400, "bad request: the asterisk-form is only for OPTIONS")]
    [InlineData("GET x:80 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: the authority-form is only for CONNECT")]
    [InlineData("CONNECT /page HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: CONNECT needs the authority-form")]
    [InlineData("CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n", 501, "CONNECT is not supported")]
    [InlineData("GET /p\u00e9ge HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: invalid request target")]
    [InlineData("GET /page\u00ff HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: invalid request target")]
    [InlineData("GET /page#top HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad request: invalid request target")]
    public async Task Rfc9112_3_2_TargetOutOfItsForm_IsRefusedBeforeTheApp(string request, int status, string reason)
    {
        var answer = await _app.ExchangeAsync(request);

        Assert.StartsWith($"HTTP/1.1 {status} ", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer);
        Assert.EndsWith("\r\n\r\n" + reason, answer);
    }

    [Fact]
    public async Task Rfc9110_9_1_MethodsAreCaseSensitive_LowercaseGetIs405AsInTremolo()
    {
        var answer = await _app.ExchangeAsync("get /page HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", answer);
        Assert.Contains("\r\nAllow: GET\r\n", answer);
    }

    [Fact]
    public async Task Rfc9110_9_1_AnyMethodRoute_ServesAnyMethodAsInTremolo()
    {
        var answer = await _app.ExchangeAsync("get /any HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
    }
}
