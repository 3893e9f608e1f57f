using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/handlers.md: `return 'text'` (chunked on HTTP/1.1, Content-Length on 1.0),
/// `return None` (close: true, forcibly closed with no byte sent) and the `chunked=False`
/// handler option. Not expressible in YAML: `return True` (connection left to the handler),
/// response.write(), request.ctx.options, sync handlers.
/// </summary>
public sealed class BasicsHandlers : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /hello
            body: Hello, World!
          - path: /none
            close: true
          - path: /unchunked
            chunked: false
            body: HelloWorld!
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ReturnString_Http11_IsChunkedAndKeptAlive()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nD\r\nHello, World!\r\n0\r\n\r\n",
            await DocsWire.AskAsync(_app, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task ReturnString_Http10_HasContentLengthAndCloses()
        => Assert.Equal(
            "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 13\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello, World!<EOF>",
            await DocsWire.AskAsync(_app, "GET /hello HTTP/1.0\r\n\r\n"));

    [Fact]
    public async Task ReturnNone_ClosesWithoutSendingAnything()
        => Assert.Equal("<EOF>", await DocsWire.AskAsync(_app, "GET /none HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task ChunkedFalse_SendsContentLengthOnHttp11()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHelloWorld!",
            await DocsWire.AskAsync(_app, "GET /unchunked HTTP/1.1\r\nHost: x\r\n\r\n"));
}
