using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/yield.md: `await response.end(b'Hello world!')` sends one Content-Length answer (on
/// HTTP/1.1 too, keep-alive), which the YAML writes as `chunked: false` with a body.
/// Not expressible: yielding piece by piece (with or without stream=False, Tremolo 0.5.2 sends
/// one chunk per yield either way) and response.send() of raw bytes.
/// </summary>
public sealed class BasicsYield : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /hello-x
            chunked: false
            body: Hello world!
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task End_Http11_HasContentLengthAndKeepsAlive()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 12\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!",
            await DocsWire.AskAsync(_app, "GET /hello-x HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task End_Http10_Closes()
        => Assert.Equal(
            "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 12\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!<EOF>",
            await DocsWire.AskAsync(_app, "GET /hello-x HTTP/1.0\r\n\r\n"));
}
