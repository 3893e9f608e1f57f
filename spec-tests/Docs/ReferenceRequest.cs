using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// reference/request: the fields the docs print for http://localhost:8000/hello?a=1&amp;b=2,
/// through a text/plain template (values as strings rather than Python bytes reprs; the
/// query dict as its lists). The X-Forwarded-For note is checked too.
/// </summary>
public sealed class ReferenceRequest : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /hello
            content_type: text/plain
            template: |
              REMOTE_ADDR:    {{ request.ip }}
              HTTP_HOST:      {{ request.host }}
              REQUEST_METHOD: {{ request.method }}
              REQUEST_SCHEME: {{ request.scheme }}
              REQUEST_URI:    {{ request.url }}
              PATH:           {{ request.path }}
              QUERY:          a={{ request.query.a | array.join "," }} b={{ request.query.b | array.join "," }}
              QUERY_STRING:   {{ request.query_string }}
              VERSION:        {{ request.version }}
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Ok(string body)
        => "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
           + $"{body.Length:X}\r\n{body}\r\n0\r\n\r\n";

    private static string Fields(string ip) => $"""
        REMOTE_ADDR:    {ip}
        HTTP_HOST:      localhost:8000
        REQUEST_METHOD: GET
        REQUEST_SCHEME: http
        REQUEST_URI:    /hello?a=1&b=2
        PATH:           /hello
        QUERY:          a=1 b=2
        QUERY_STRING:   a=1&b=2
        VERSION:        1.1
        """.ReplaceLineEndings("\n");

    [Fact]
    public async Task HelloWithQuery_ShowsTheDocumentedFields()
        => Assert.Equal(Ok(Fields("127.0.0.1")), await DocsWire.AskAsync(_app, "GET /hello?a=1&b=2 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public async Task Ip_TakesXForwardedFor()
        => Assert.Equal(
            Ok(Fields("203.0.113.7")),
            await DocsWire.AskAsync(_app, "GET /hello?a=1&b=2 HTTP/1.1\r\nHost: localhost:8000\r\nX-Forwarded-For: 203.0.113.7\r\n\r\n"));
}
