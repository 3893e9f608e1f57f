using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>reference/app/mount.md: subsub mounted at /subsub in sub, sub at /sub in main.</summary>
public sealed class ReferenceAppMount : IAsyncLifetime
{
    private const string Yaml = """
        mount:
          - prefix: /sub
            app:
              mount:
                - prefix: /subsub
                  app:
                    routes:
                      - path: /hello
                        body: Hello world!
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task NestedMount_ServesSubSubHello()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nC\r\nHello world!\r\n0\r\n\r\n",
            await DocsWire.AskAsync(_app, "GET /sub/subsub/hello HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public async Task UnprefixedPath_IsNotFound()
    {
        var answer = await DocsWire.AskAsync(_app, "GET /hello HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 397\r\nConnection: close\r\n", answer);
        Assert.Contains("<p>Unable to find handler for /hello.</p>", answer);
        Assert.EndsWith("</html><EOF>", answer);
    }
}
