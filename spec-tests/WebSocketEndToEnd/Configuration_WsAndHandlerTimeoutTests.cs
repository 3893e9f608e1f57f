using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// configuration.md: `ws: false` (`--no-ws` on the command line) turns upgrades into plain
/// requests for the route's response; app_handler_timeout does not cut WebSocket connections.
/// </summary>
public sealed class Configuration_WsAndHandlerTimeoutTests
{
    private const string HybridRoutes = """
        routes:
          - path: /
            body: "the page"
            websocket: {mode: echo}
        """;

    [Fact]
    public async Task WsFalseAnswersAnUpgradeWithTheRouteResponse()
    {
        await using var app = await TestApp.StartAsync("server:\n  ws: false\n" + HybridRoutes);
        var answer = await app.ExchangeAsync(WsTestClient.UpgradeRequest(app.Port, "/"));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.EndsWith("\r\n\r\n8\r\nthe page\r\n0\r\n\r\n", answer);
        Assert.DoesNotContain("Sec-WebSocket-Accept", answer);
    }

    [Fact]
    public async Task NoWsFlagOfTremoloServeAnswersAnUpgradeWithTheRouteResponse()
    {
        using (var upgrading = ServeProcess.Of(HybridRoutes))
        {
            using var client = await WsTestClient.ConnectAsync(await upgrading.PortAsync(), "/");
            await client.SendTextAsync("still a socket");
            Assert.Equal("still a socket", await client.ReceiveTextAsync());
        }

        using var server = ServeProcess.Of(HybridRoutes, "--no-ws");
        var port = await server.PortAsync();
        using var http = await RawHttpClient.ConnectAsync(port);
        await http.SendAsync(WsTestClient.UpgradeRequest(port, "/"));
        var answer = System.Text.Encoding.Latin1.GetString(await http.ReadAsync());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.EndsWith("\r\n\r\n8\r\nthe page\r\n0\r\n\r\n", answer);
    }

    [Fact]
    public async Task WebSocketOutlivesAppHandlerTimeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var app = await TestApp.StartAsync("server:\n  app_handler_timeout: 1\n" + HybridRoutes, time: clock);

        // Three seconds of chat (on the server's virtual clock) on a socket whose handler would be cut after one.
        using var client = await WsTestClient.ConnectAsync(app.Port, "/");
        for (var exchanged = 0; exchanged < 15; exchanged++)
        {
            await client.SendTextAsync($"tick {exchanged}");
            Assert.Equal($"tick {exchanged}", await client.ReceiveTextAsync());
            await clock.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        }

        await client.SendCloseAsync(1000);
        Assert.Equal(1000, (await client.ReceiveAsync()).CloseCode);
        Assert.DoesNotContain("handler timeout", app.Log);
    }
}
