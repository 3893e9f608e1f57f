using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/middleware.md. The docs' handler yields "Hello" then "World!" (two chunks); the YAML
/// has no multi-yield, so the route returns "HelloWorld!" in one chunk. The docs show the 405
/// with "Connection: close" and an older header order: Tremolo 0.5.2 answers a middleware
/// `return` with keep-alive, in the order below. Connection hooks (on_connect/on_close) have
/// no YAML form.
/// </summary>
public sealed class BasicsMiddleware : IAsyncLifetime
{
    private const string Yaml = """
        middleware:
          request:
            - when: "request.method != 'GET' && request.method != 'POST'"
              status: 405
              message: Method Not Allowed
              content_type: text/plain
              template: "Request method {{ request.method }} is not supported!"
        routes:
          - path: /hello
            body: HelloWorld!
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CurlHello_IsTheNormalAnswer()
    {
        var answer = await DocsWire.AskAsync(_app, "GET /hello HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl/7.74.0\r\nAccept: */*\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "B\r\nHelloWorld!\r\n0\r\n\r\n",
            answer);
    }

    [Fact]
    public async Task CurlXFoo_IsHaltedWith405()
    {
        var answer = await DocsWire.AskAsync(_app, "FOO /hello HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl/7.74.0\r\nAccept: */*\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nContent-Length: 36\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "Request method FOO is not supported!",
            answer);
    }

    [Fact]
    public async Task RaiseMethodNotAllowed_Form_ClosesWithTheSameText()
    {
        // The docs' alternative: `raise MethodNotAllowed('Request method', 'FOO', 'is not supported!')`.
        await using var app = await TestApp.StartAsync("""
            middleware:
              request:
                - when: "request.method != 'GET' && request.method != 'POST'"
                  error:
                    code: 405
                    body: "Request method {{ request.method }} is not supported!"
            routes:
              - path: /hello
                body: HelloWorld!
            """);

        var answer = await DocsWire.AskAsync(app, "FOO /hello HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 36\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "Request method FOO is not supported!<EOF>",
            answer);
    }
}
