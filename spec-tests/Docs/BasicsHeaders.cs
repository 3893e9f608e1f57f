using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/headers.md: reading cookies (two Cookie headers: request.headers lists both lines,
/// request.cookies lists the values last first, as Tremolo builds it) and setting one with
/// set_header('Set-Cookie', 'a=xyz') and set_cookie('a', 'xyz', expires=3600).
/// headers.getlist() (which splits on commas) has no template form.
/// </summary>
public sealed partial class BasicsHeaders : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /hello
            content_type: text/plain
            template: 'a={{ request.cookies.a | array.join "," }} cookie={{ request.headers.cookie | array.join "|" }}'
          - path: /set-header
            headers: {Set-Cookie: a=xyz}
            body: ok
          - path: /set-cookie
            cookies:
              - {name: a, value: xyz, expires: 3600}
            body: ok
        """;

    private TestApp _app = null!;

    [GeneratedRegex("expires=[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT", RegexOptions.CultureInvariant)]
    private static partial Regex CookieExpires();

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoCookieHeaders_AreBothSeen()
    {
        var answer = await DocsWire.AskAsync(_app, "GET /hello HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl/7.74.0\r\nAccept: */*\r\nCookie: a=123\r\nCookie: a=xyz\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "1C\r\na=xyz,123 cookie=a=123|a=xyz\r\n0\r\n\r\n",
            answer);
    }

    [Fact]
    public async Task SetHeader_SetCookie_IsSentAsIs()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=xyz\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            await DocsWire.AskAsync(_app, "GET /set-header HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task SetCookie_WithExpires_HasTremolosFormat()
    {
        var before = DateTimeOffset.UtcNow;
        var answer = await DocsWire.AskAsync(_app, "GET /set-cookie HTTP/1.1\r\nHost: x\r\n\r\n");

        var expires = CookieExpires().Match(answer);
        Assert.True(expires.Success, answer);
        var when = DateTimeOffset.ParseExact(expires.Value["expires=".Length..], "ddd, dd MMM yyyy HH:mm:ss 'GMT'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange((when - before).TotalSeconds, 3599, 3602);
        Assert.Equal(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=xyz; expires={COOKIE_EXPIRES}; max-age=3600; path=/\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            CookieExpires().Replace(answer, "expires={COOKIE_EXPIRES}"));
    }
}
