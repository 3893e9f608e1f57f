using System.Diagnostics;
using Tremolo.SpecTests.Support;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebSocketScaleCollection
{
    /// <summary>Memory figures are only meaningful with nothing else running in the process.</summary>
    public const string Name = "WebSocket scale (alone)";
}

/// <summary>
/// Issue 5.6: 2,000 concurrent WebSocket members of one broadcast channel on loopback, each
/// receiving 20 broadcasts in order with none dropped; afterwards the memory is back near where
/// it started; and what an idle connection costs `tremolo serve` in resident memory.
/// </summary>
[Collection(WebSocketScaleCollection.Name)]
public sealed class Spec8_WebSocketScaleTests(ITestOutputHelper output)
{
    private const int Connections = 2000;
    private const int Broadcasts = 20;

    private const string Yaml = """
        server:
          backlog: 4096
          keepalive_connections: 4096
          max_queue_size: 64
        routes:
          - path: /room
            websocket: {mode: broadcast, channel: everyone}
        """;

    [Fact]
    public async Task TwoThousandMembersGetEveryBroadcastInOrderAndMemoryReturns()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await TestApp.StartAsync(Yaml);

        // A small round first, so that code paths, pools and timers exist before the baseline.
        await RunRoundAsync(app.Port, 50);
        var baseline = await SettledManagedBytesAsync((previous, bytes) => previous - bytes < 64 << 10);

        var peak = await RunRoundAsync(app.Port, Connections);
        var after = await SettledManagedBytesAsync((_, bytes) => bytes - baseline < 2 << 20);

        output.WriteLine($"managed heap: {baseline / 1024} KiB before, {peak / 1024} KiB with {Connections} members, {after / 1024} KiB after; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(peak - baseline > Connections * 1024, "the round did not hold its connections at the peak");
        Assert.True(after - baseline < 2 << 20, $"the managed heap stayed {(after - baseline) / 1024} KiB above its start");
    }

    [Fact]
    public async Task ResidentMemoryPerIdleConnectionOfTremoloServe()
    {
        using var server = ServeProcess.Of(Yaml);
        var port = await server.PortAsync();
        await RunRoundAsync(port, 50);
        await Task.Delay(500);
        var before = server.ResidentBytes;

        var clients = await ConnectManyAsync(port, Connections);
        try
        {
            // Idle: every member has joined and has been sent one message.
            await clients[0].SendTextAsync("joined");
            await Task.WhenAll(clients.Select(client => client.ReceiveTextAsync()));
            await Task.Delay(500);
            var idle = server.ResidentBytes;
            var perConnection = (idle - before) / (double)Connections;
            output.WriteLine($"tremolo serve VmRSS: {before / 1024} KiB before, {idle / 1024} KiB with {Connections} idle WebSockets: {perConnection / 1024:F1} KiB per idle connection");
            Assert.InRange(perConnection, 0, 64 * 1024);
        }
        finally
        {
            Spec5_BroadcastTests.DisposeAll(clients);
        }
    }

    /// <summary>
    /// Connects <paramref name="count"/> members, has the first publish the broadcasts while all
    /// read, checks that each got all of them in order, and closes all. Returns the managed heap
    /// at the peak.
    /// </summary>
    private static async Task<long> RunRoundAsync(int port, int count)
    {
        var clients = await ConnectManyAsync(port, count);
        try
        {
            var readers = clients.Select(client => Spec5_BroadcastTests.ReceiveTextsAsync(client, Broadcasts, TimeSpan.FromSeconds(20))).ToArray();
            for (var i = 0; i < Broadcasts; i++)
            {
                await clients[0].SendTextAsync($"broadcast {i}");
            }

            var expected = Enumerable.Range(0, Broadcasts).Select(i => $"broadcast {i}").ToArray();
            var received = await Task.WhenAll(readers);
            Assert.All(received, texts => Assert.Equal(expected, texts));
            return GC.GetTotalMemory(forceFullCollection: false);
        }
        finally
        {
            Spec5_BroadcastTests.DisposeAll(clients);
        }
    }

    private static async Task<WsTestClient[]> ConnectManyAsync(int port, int count)
    {
        var clients = new WsTestClient[count];
        using var gate = new SemaphoreSlim(64);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    clients[i] = await WsTestClient.ConnectAsync(port, "/room", timeout: TimeSpan.FromSeconds(30));
                }
                finally
                {
                    gate.Release();
                }
            }));
            return clients;
        }
        catch
        {
            Spec5_BroadcastTests.DisposeAll(clients.Where(client => client is not null));
            throw;
        }
    }

    /// <summary>
    /// The managed heap after full collections, polled (closed connections wind down
    /// asynchronously) until <paramref name="settled"/>(previous, now) or 10 s.
    /// </summary>
    private static async Task<long> SettledManagedBytesAsync(Func<long, long, bool> settled)
    {
        var deadline = Stopwatch.StartNew();
        var previous = long.MaxValue;
        while (true)
        {
            await Task.Delay(250);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var bytes = GC.GetTotalMemory(forceFullCollection: true);
            if (settled(previous, bytes) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return bytes;
            }

            previous = bytes;
        }
    }
}
