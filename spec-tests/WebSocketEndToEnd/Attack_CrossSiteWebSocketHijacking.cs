using Tremolo.Config.Model;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// Cross-site WebSocket hijacking: a page on any site can open a socket to a room with the
/// visitor's cookies. `websocket.origins` lists the browser Origins allowed; any other gets
/// 403 before a 101 is sent; a client sending no Origin (not a browser) is let in.
/// </summary>
public sealed class Attack_CrossSiteWebSocketHijacking
{
    private const string Yaml = """
        routes:
          - path: /ws
            websocket:
              origins: ["https://chat.example.com", "http://localhost:*", "https://*.example.org"]
        """;

    [Theory]
    [InlineData("https://chat.example.com")]
    [InlineData("https://chat.example.com:443")]
    [InlineData("HTTPS://Chat.Example.COM")]
    [InlineData("http://localhost:5173")]
    [InlineData("http://localhost")]
    [InlineData("https://a.b.example.org")]
    public async Task AllowedOriginIsUpgraded(string origin)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var answer = await app.ExchangeAsync(WithOrigin(app.Port, origin));
        Assert.StartsWith("HTTP/1.1 101 ", answer);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://chat.example.com")]
    [InlineData("https://chat.example.com:8443")]
    [InlineData("https://chat.example.com.evil.example")]
    [InlineData("https://example.org")]
    [InlineData("https://xexample.org")]
    [InlineData("https://localhost:3000")]
    [InlineData("null")]
    [InlineData("https://chat.example.com/path")]
    public async Task ForeignOriginGets403AndNoUpgrade(string origin)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var answer = await app.ExchangeAsync(WithOrigin(app.Port, origin));
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", answer);
        Assert.DoesNotContain("Sec-WebSocket-Accept", answer);
    }

    [Fact]
    public async Task NoOriginIsNotABrowserAndIsAllowed()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await client.SendTextAsync("hi");
        Assert.Equal("hi", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task WithoutOriginsAnyOriginIsAllowed()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - path: /ws\n    websocket: {}\n");
        var answer = await app.ExchangeAsync(WithOrigin(app.Port, "https://evil.example"));
        Assert.StartsWith("HTTP/1.1 101 ", answer);
    }

    [Theory]
    [InlineData("ftp://a.example", "the scheme must be http or https")]
    [InlineData("chat.example.com", "the scheme must be http or https")]
    [InlineData("https://", "the host must be a name, an address or *.domain, with no path")]
    [InlineData("https://a.example/path", "the host must be a name, an address or *.domain, with no path")]
    [InlineData("https://a.example:99999", "the port must be 1-65535 or *")]
    [InlineData("https://a.example:x", "the port must be 1-65535 or *")]
    public void PatternParserNamesWhatIsWrong(string text, string reason)
    {
        Assert.Null(OriginPattern.Parse(text, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void PatternParserTakesWildcardsAndIPv6()
    {
        Assert.Equal(new OriginPattern("https", "example.org", true, null), OriginPattern.Parse("https://*.example.org:*", out _));
        Assert.Equal(new OriginPattern("http", "[::1]", false, 8080), OriginPattern.Parse("http://[::1]:8080", out _));
        Assert.True(OriginPattern.Parse("http://[::1]", out _)!.Matches("http://[::1]:80"));
    }

    private static string WithOrigin(int port, string origin) =>
        WsTestClient.UpgradeRequest(port, "/ws").Replace("\r\n\r\n", $"\r\nOrigin: {origin}\r\n\r\n", StringComparison.Ordinal);
}
