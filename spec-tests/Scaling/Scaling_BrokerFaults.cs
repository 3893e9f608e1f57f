using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md, faults: a broker that cannot be reached stops the start (one line, exit 1);
/// a broker lost while running is one ERROR line, each node's members keep talking among
/// themselves, and once Redis is back (one INFO line) the room spans the nodes again.
/// </summary>
public sealed class Scaling_BrokerFaults
{
    [Fact]
    public async Task AnUnreachableBrokerAtStartIsOneLineAndExit1()
    {
        using var redis = await RedisServer.StartAsync();
        redis.Kill();
        using var serve = ServeProcess.Of("routes:\n  - path: /chat\n    websocket: {mode: broadcast}\n", "--broker", redis.Url);
        Assert.Equal(1, await serve.ExitCodeAsync(BrokerNodes.Patience));
        Assert.Equal($"tremolo: cannot reach the broker {redis.Url}: unable to connect\n", serve.Output);
    }

    [Fact]
    public async Task ARedisRestartMidChatHeals()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync();
        var (redis, a, b) = (nodes.Redis, nodes.A, nodes.B);
        using var a1 = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var a2 = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var b1 = await WsTestClient.ConnectAsync(b.Port, "/chat");

        await a1.SendTextAsync("before");

        foreach (var member in new[] { a1, a2, b1 })
        {
            Assert.Equal(["before"], await BrokerNodes.ReceiveAsync(member, 1));
        }

        redis.Kill();

        await BrokerNodes.WaitForLogAsync(() => a.Log, "ERROR: broker redis://");

        await BrokerNodes.WaitForLogAsync(() => b.Log, "ERROR: broker redis://");
        Assert.Contains($"\ntremolo_broker_up{{broker=\"{redis.Url}\"}} 0", await MetricsAsync(a));

        // Redis is gone: a node's own members still get each other's messages, nothing is lost locally.
        await a1.SendTextAsync("during");

        Assert.Equal(["during"], await BrokerNodes.ReceiveAsync(a1, 1));

        Assert.Equal(["during"], await BrokerNodes.ReceiveAsync(a2, 1));

        await redis.StartAgainAsync();

        await BrokerNodes.WaitForLogAsync(() => a.Log, "INFO: broker redis://");

        await BrokerNodes.WaitForLogAsync(() => b.Log, "INFO: broker redis://");
        Assert.Contains($"\ntremolo_broker_up{{broker=\"{redis.Url}\"}} 1", await MetricsAsync(a));

        await b1.SendTextAsync("after");

        foreach (var member in new[] { a1, a2, b1 })
        {
            Assert.Equal(["after"], await BrokerNodes.ReceiveAsync(member, 1));
        }

        Assert.Equal(1, CountOf(a.Log, "ERROR: broker"));

        Assert.Equal(1, CountOf(a.Log, "INFO: broker redis://"));

    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    /// <summary>
    /// The node's `metrics: true` route (deployment.md: the broker's state is scraped there),
    /// read to its close with the broker tests' patience: the first scrape starts the exporter,
    /// which on a loaded machine can take longer than a plain exchange waits.
    /// </summary>
    private static async Task<string> MetricsAsync(TestApp app)
    {
        using var client = await app.ConnectAsync();
        await client.SendAsync("GET /metrics HTTP/1.0\r\nHost: x\r\n\r\n");
        return System.Text.Encoding.Latin1.GetString(await client.ReadAsync(ReadUntil.Close, timeout: BrokerNodes.Patience));
    }
}
