using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `max_connections` and `max_connections_per_ip`: a connection beyond either
/// is answered 503 with Connection: close at once and closed, holding no slot; once one ends a
/// new one is served; the per-address table empties as connections end; refusals are counted in
/// the metrics and logged at most once a second (virtual time).
/// </summary>
public sealed partial class Configuration_MaxConnections
{
    private const string Routes = "routes:\n  - {path: /, body: hi}\n  - {path: /metrics, metrics: true}\n  - {path: /ws, websocket: {mode: echo}}\n";
    private const string Get = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static readonly IPAddress OtherPeer = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task OneOverMaxConnectionsGets503AndClose_OnceOneEndsANewOneIsServed()
    {
        // A second listener without the cap, for the metrics scrape.
        await using var app = await TestApp.StartAsync("server: {max_connections: 2}\nlisten:\n  - {port: 0, max_connections: 0}\n" + Routes);
        var before = Refused(await app.GetAsync("/metrics", app.PortOf(1)), "max_connections");
        using var first = await ServedClientAsync(app.Port);
        using var second = await ServedClientAsync(app.Port);

        var refused = await app.RequestAsync(Get);
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused);
        Assert.Contains("\r\nConnection: close\r\n", refused);
        Assert.EndsWith("\r\n\r\nService Unavailable", refused);

        // The refused one held no slot: both admitted connections are served still.
        await AssertServedAsync(first);
        await AssertServedAsync(second);
        Assert.True(Refused(await app.GetAsync("/metrics", app.PortOf(1)), "max_connections") >= before + 1);

        first.Dispose();
        using var next = await EventuallyServedAsync(app.Port);
        Assert.StartsWith("HTTP/1.1 503 ", await app.RequestAsync(Get));
    }

    [Fact]
    public async Task OneOverMaxConnectionsPerIpGets503_AnotherAddressIsServed()
    {
        await using var app = await TestApp.StartAsync("server: {max_connections_per_ip: 2}\n" + Routes);
        using var first = await ServedClientAsync(app.Port);
        using var second = await ServedClientAsync(app.Port);

        var refused = await app.RequestAsync(Get);
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused);
        Assert.Contains("\r\nConnection: close\r\n", refused);
        using (var other = await ServedClientAsync(app.Port, OtherPeer))
        {
            await AssertServedAsync(first);
        }

        second.Dispose();
        using var next = await EventuallyServedAsync(app.Port);
        await app.WaitForLogAsync(log => log.Contains("over max_connections_per_ip (2)"));
    }

    [Fact]
    public async Task TheWebSocketUpgradeOverTheCapIsRefused()
    {
        await using var app = await TestApp.StartAsync("server: {max_connections: 1}\n" + Routes);
        using (var member = await WsTestClient.ConnectAsync(app.Port, "/ws"))
        {
            var refused = await app.RequestAsync(WsTestClient.UpgradeRequest(app.Port, "/ws"));
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused);
            Assert.DoesNotContain("Sec-WebSocket-Accept", refused);

            await member.SendTextAsync("still here");
            Assert.Equal("still here", await member.ReceiveTextAsync());
        }

        // The session's end frees its slot.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var again = await WsTestClient.ConnectAsync(app.Port, "/ws");
                break;
            }
            catch (InvalidOperationException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task ThePerAddressTableEmptiesOnceEveryConnectionEnded()
    {
        await using var app = await TestApp.StartAsync("server: {max_connections_per_ip: 3}\n" + Routes);
        var peers = Enumerable.Range(1, 5).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();
        var clients = new List<RawHttpClient>();
        for (var i = 0; i < 60; i++)
        {
            var client = await RawHttpClient.ConnectAsync(app.Port, from: peers[i % peers.Length]);
            clients.Add(client);
            switch (i % 3)
            {
                case 0:
                    // Served, kept alive, or refused once its address holds 3: either way an answer.
                    await client.SendAsync(Get);
                    Assert.Matches("^HTTP/1.1 (200|503) ", System.Text.Encoding.Latin1.GetString(await client.ReadAsync()));
                    break;
                case 1:
                    // Left before saying anything.
                    client.Dispose();
                    break;
                default:
                    // Half a request, then gone.
                    await client.SendAsync("GET / HT");
                    break;
            }

            if (i % 10 == 9)
            {
                clients.ForEach(c => c.Dispose());
                clients.Clear();
            }
        }

        clients.ForEach(c => c.Dispose());
        await VirtualTime.PollAsync(() => app.Host.PeerAddresses == 0);
        using var served = await ServedClientAsync(app.Port);
        Assert.Equal(1, app.Host.PeerAddresses);
    }

    [Fact]
    public async Task RefusalsAreLoggedAtMostOnceASecondWithTheirCount()
    {
        var clock = new FakeTimeProvider();
        await using var app = await TestApp.StartAsync("server: {max_connections: 1}\n" + Routes, time: clock);
        using var holder = await ServedClientAsync(app.Port);

        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("HTTP/1.1 503 ", await app.RequestAsync(Get));
        }

        await app.WaitForLogAsync(log => RefusalLines(log).Count == 1);
        Assert.Equal("1 connection refused since the last such line: 1 over max_connections (1)", RefusalLines(app.Log)[0]);

        // The other four are told once the second is up, in one line.
        await clock.AdvanceAsync(TimeSpan.FromSeconds(0.5));
        Assert.Single(RefusalLines(app.Log));
        await clock.AdvanceAsync(TimeSpan.FromSeconds(0.6));
        await app.WaitForLogAsync(log => RefusalLines(log).Count == 2);
        Assert.Equal("4 connections refused since the last such line: 4 over max_connections (1)", RefusalLines(app.Log)[1]);

        // After a quiet second the next refusal is told at once.
        await clock.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.StartsWith("HTTP/1.1 503 ", await app.RequestAsync(Get));
        await app.WaitForLogAsync(log => RefusalLines(log).Count == 3);
    }

    /// <summary>A connection that got its first answer (so the server admitted it), kept alive.</summary>
    private static async Task<RawHttpClient> ServedClientAsync(int port, IPAddress? from = null)
    {
        var client = await RawHttpClient.ConnectAsync(port, from: from);
        try
        {
            await AssertServedAsync(client);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task AssertServedAsync(RawHttpClient client)
    {
        await client.SendAsync(Get);
        var answer = System.Text.Encoding.Latin1.GetString(await client.ReadAsync());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("\r\nConnection: keep-alive\r\n", answer);
    }

    /// <summary>A new connection served once the server has seen an earlier one end (its close is asynchronous).</summary>
    private static async Task<RawHttpClient> EventuallyServedAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await RawHttpClient.ConnectAsync(port);
            await client.SendAsync(Get);
            var answer = System.Text.Encoding.Latin1.GetString(await client.ReadAsync());
            if (answer.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal) || attempt == 100)
            {
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
                return client;
            }

            Assert.StartsWith("HTTP/1.1 503 ", answer);
            client.Dispose();
            await Task.Delay(50);
        }
    }

    private static long Refused(string metrics, string limit) =>
        long.Parse(Regex.Match(metrics, $"^tremolo_connections_refused{{limit=\"{limit}\"}} (\\d+)", RegexOptions.Multiline).Groups[1].Value);

    private static List<string> RefusalLines(string log) =>
        [.. RefusalLine().Matches(log).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"WARNING: (\d+ connections? refused since the last such line: [^\r\n]*)")]
    private static partial Regex RefusalLine();
}
