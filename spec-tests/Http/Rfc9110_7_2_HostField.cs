using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9110 7.2 / RFC 3986 3.2.2: Host is one authority, uri-host [":" port]. Userinfo, a
/// path, an empty value or a comma list is 400 before any app code (Tremolo served them);
/// other odd bytes are the app's to judge, as in Tremolo (the chat app's "illegal host" rule).
/// </summary>
public sealed class Rfc9110_7_2_HostField : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /
            content_type: text/plain
            template: "host={{ request.host }}"
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("user@example.com")]
    [InlineData("user:pw@example.com:80")]
    [InlineData("example.com/path")]
    [InlineData("example.com?q")]
    [InlineData("example.com#f")]
    [InlineData("")]
    [InlineData("a.example, b.example")]
    [InlineData("a b")]
    [InlineData("example.com:80x")]
    [InlineData("example.com:80:81")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[zz]")]
    public async Task Rfc9110_7_2_HostThatIsNotOneAuthority_Is400(string host)
    {
        var answer = await _app.ExchangeAsync($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.EndsWith("\r\n\r\nbad request: invalid Host", answer);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com:8080")]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]:8000")]
    [InlineData("[::1]")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("a<b")]
    public async Task Rfc9110_7_2_OneAuthority_IsServed(string host)
    {
        var answer = await _app.ExchangeAsync($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("host=" + host, answer);
    }
}
