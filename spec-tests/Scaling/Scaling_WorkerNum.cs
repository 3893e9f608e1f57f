using Tremolo.SpecTests.Running;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md "One machine, many workers": `tremolo serve --worker-num 2` on a real Redis
/// broker carries one room across its workers. Which worker took a member is read from the
/// DEBUG "connection upgraded" line (its client port) and the pid the worker's JSON lines carry;
/// members are opened until two workers each have one.
/// </summary>
public sealed class Scaling_WorkerNum
{
    [Fact]
    public async Task TwoWorkersOnOneBroker_CarryOneRoom()
    {
        using var redis = await RedisServer.StartAsync();
        var members = new Dictionary<int, WsTestClient>();
        try
        {
            using var serve = ServeProcess.Of(BrokerNodes.Yaml(redis, $"t{Guid.NewGuid():N}:"), "--worker-num", "2", "--log-format", "json", "--log-level", "debug");
            var port = await serve.PortAsync();
            await serve.WaitForOutputAsync("is running 2 worker processes", BrokerNodes.Patience);
            var deadline = DateTime.UtcNow + BrokerNodes.Patience;
            while (Configuration_WorkerNum.ListeningPids(serve).Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the workers did not both listen:\n" + serve.Output);
                await Task.Delay(50);
            }

            for (var i = 0; i < 200 && members.Count < 2; i++)
            {
                var client = await WsTestClient.ConnectAsync(port, "/chat");
                var pid = await WorkerOfAsync(serve, client.LocalPort);
                if (!members.TryAdd(pid, client))
                {
                    client.Dispose();
                }
            }

            Assert.Equal(2, members.Count);
            var (a, b) = (members.Values.First(), members.Values.Last());
            const int each = 10;
            await Task.WhenAll(
                Task.Run(async () =>
                {
                    for (var i = 0; i < each; i++)
                    {
                        await a.SendTextAsync($"a{i}");
                    }
                }),
                Task.Run(async () =>
                {
                    for (var i = 0; i < each; i++)
                    {
                        await b.SendTextAsync($"b{i}");
                    }
                }));

            var orders = await Task.WhenAll(BrokerNodes.ReceiveAsync(a, 2 * each), BrokerNodes.ReceiveAsync(b, 2 * each));
            Assert.Equal(orders[0], orders[1]);
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"a{i}"), orders[0].Where(m => m[0] == 'a'));
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"b{i}"), orders[0].Where(m => m[0] == 'b'));
        }
        finally
        {
            foreach (var member in members.Values)
            {
                member.Dispose();
            }
        }
    }

    /// <summary>The pid of the worker that logged the upgrade of the connection from <paramref name="clientPort"/>.</summary>
    private static async Task<int> WorkerOfAsync(ServeProcess serve, int clientPort)
    {
        var line = $"connection upgraded: 127.0.0.1:{clientPort} /chat (WebSocket)";
        var deadline = DateTime.UtcNow + BrokerNodes.Patience;
        while (true)
        {
            // The last such line: a client port may have been used by an earlier connection.
            var record = Configuration_WorkerNum.Records(serve).LastOrDefault(r => r.GetProperty("message").GetString() == line);
            if (record.ValueKind != System.Text.Json.JsonValueKind.Undefined)
            {
                return record.GetProperty("pid").GetInt32();
            }

            Assert.True(DateTime.UtcNow < deadline, $"no '{line}' in:\n{serve.Output}");
            await Task.Delay(20);
        }
    }
}
