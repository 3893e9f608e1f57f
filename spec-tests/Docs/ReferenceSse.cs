using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// reference/sse: the two `sse.send(..., event='greeting')` calls and `sse.close()`. The docs'
/// CORS variant cannot be compared: on Tremolo 0.5.2 `sse.request.headers[b'origin']` is a
/// list and the handler fails with a 500; the YAML form (`headers:` with a template) works.
/// </summary>
public sealed class ReferenceSse : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /sse
            sse:
              events:
                - {data: "Hel\nlo", event: greeting}
                - {data: "World!", event: greeting}
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Example_SendsTheDocumentedBody()
    {
        var answer = await DocsWire.AskAsync(_app, "GET /sse HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nCache-Control: no-cache, must-revalidate\r\nExpires: Thu, 01 Jan 1970 00:00:00 GMT\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: keep-alive\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "24\r\ndata: Hel\ndata: lo\nevent: greeting\n\n\r\n"
            + "1E\r\ndata: World!\nevent: greeting\n\n\r\n"
            + "0\r\n\r\n",
            answer);
    }
}
