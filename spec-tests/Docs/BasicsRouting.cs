using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/routing.md: a plain path (query ignored), the regex page example (matched against
/// request.url, so a query may follow; `$` still matches the end of the path), the
/// class-based view and its 405, and the custom 404 page. The docs' handlers yield two pieces;
/// the YAML returns them as one body. Arbitrary route options for a CBV's __init__ have no
/// YAML form.
/// </summary>
public sealed class BasicsRouting : IAsyncLifetime
{
    private const string Yaml = """
        errors:
          404: {body: This is my custom 404 page.}
        routes:
          - path: /basic
            body: Hello world!
          - path: '^/page/(?P<page_id>\d+)'
            template: "You are on page {{ params.page_id }}"
          - path: '^/user/(?P<name>[a-z]+)$'
            template: "user {{ request.params.name }}"
          - path: /hello
            methods:
              get: {body: "Hello, World!"}
              post: {template: "{{ request.body | raw }}"}
        """;

    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n";

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PlainPath_HandlesTheQueryString()
        => Assert.Equal(Ok + "C\r\nHello world!\r\n0\r\n\r\n", await DocsWire.AskAsync(_app, "GET /basic?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Theory]
    [InlineData("/page/12", "12\r\nYou are on page 12")]
    [InlineData("/page/101?sort=asc", "13\r\nYou are on page 101")]
    public async Task RegexPage_NamedGroupIsThePageId(string target, string chunk)
        => Assert.Equal(Ok + chunk + "\r\n0\r\n\r\n", await DocsWire.AskAsync(_app, $"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task DollarStillMatchesTheEndOfThePath_WithAQuery()
        => Assert.Equal(Ok + "8\r\nuser bob\r\n0\r\n\r\n", await DocsWire.AskAsync(_app, "GET /user/bob?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task DollarRejectsMoreBehindThePath_CustomNotFoundPage()
        => Assert.Equal(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 27\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nThis is my custom 404 page.<EOF>",
            await DocsWire.AskAsync(_app, "GET /user/bob/x HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task ClassBasedView_Get()
        => Assert.Equal(Ok + "D\r\nHello, World!\r\n0\r\n\r\n", await DocsWire.AskAsync(_app, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task ClassBasedView_PostEchoesTheBody()
        => Assert.Equal(Ok + "5\r\nhowdy\r\n0\r\n\r\n", await DocsWire.AskAsync(_app, "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhowdy"));

    [Fact]
    public async Task ClassBasedView_MethodNotImplemented_Is405()
    {
        // Without a 405 hook the built-in page applies (the custom page here is only for 404).
        var answer = await DocsWire.AskAsync(_app, "PUT /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 18\r\nConnection: close\r\nAllow: GET, POST\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nMethod Not Allowed<EOF>",
            answer);
    }
}
