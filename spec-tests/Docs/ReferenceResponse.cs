using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// reference/response and its pages: set_content_type('text/plain'), set_cookie('foo', 'bar')
/// (Tremolo's defaults: expires=0 is "now" with max-age=0, path=/), set_header and
/// append_header('X-Powered-By', ...), set_status(403, 'Forbidden'), each before
/// `return 'Hello, World!'`. write()/end()/send() have no YAML form.
/// </summary>
public sealed partial class ReferenceResponse : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /content-type
            content_type: text/plain
            body: Hello, World!
          - path: /cookie
            cookies: [{name: foo, value: bar}]
            body: Hello, World!
          - path: /header
            headers: {X-Powered-By: bar}
            body: Hello, World!
          - path: /append
            headers: [[X-Powered-By, foo]]
            body: Hello, World!
          - path: /status
            status: 403
            message: Forbidden
            body: Hello, World!
        """;

    private const string Html = "Content-Type: text/html; charset=utf-8\r\n";
    private const string Tail = "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nD\r\nHello, World!\r\n0\r\n\r\n";

    private TestApp _app = null!;

    [GeneratedRegex("expires=[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT", RegexOptions.CultureInvariant)]
    private static partial Regex CookieExpires();

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/content-type", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")]
    [InlineData("/cookie", "HTTP/1.1 200 OK\r\nSet-Cookie: foo=bar; expires={COOKIE_EXPIRES}; max-age=0; path=/\r\n" + Html)]
    [InlineData("/header", "HTTP/1.1 200 OK\r\nX-Powered-By: bar\r\n" + Html)]
    [InlineData("/append", "HTTP/1.1 200 OK\r\nX-Powered-By: foo\r\n" + Html)]
    [InlineData("/status", "HTTP/1.1 403 Forbidden\r\n" + Html)]
    public async Task Example_ReturnsHelloWorldWithTheDecoration(string path, string head)
    {
        var answer = await DocsWire.AskAsync(_app, $"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(head + Tail, CookieExpires().Replace(answer, "expires={COOKIE_EXPIRES}"));
    }
}
