using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md, presence: with a broker, `members` counts a channel's members on every node,
/// `join` and `leave` reach every node (and stay out of the shared history), a node that stops
/// tells its members' leaving, and a node that dies without a word stops being counted within
/// the documented 20 seconds (on the surviving node's virtual clock).
/// </summary>
public sealed class Scaling_Presence
{
    private static string Yaml(RedisServer redis, string prefix) => $$$"""
        server:
          broker: {{{redis.Url}}}
          broker_prefix: "{{{prefix}}}"
        routes:
          - path: /chat
            websocket:
              mode: broadcast
              channel: chat
              history: 50
              greeting: "welcome ({{ members }} online)"
              join: "{{ client.port }} joined ({{ members }} online)"
              leave: "{{ client.port }} left ({{ members }} online)"
              format: "{{ members }}|{{ message }}"
        """;

    [Fact]
    public async Task MembersCountAcrossTwoEnginesAndJoinAndLeaveReachBoth()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync(yaml: Yaml);
        var (a, b) = (nodes.A, nodes.B);

        using var onA = await JoinAsync(a.Port, online: 1);
        using var onB = await JoinAsync(b.Port, online: 2);
        await HearsJoinAsync(onA, onB);

        // A hears B's count over pub/sub (or at its next refresh): its own renders say 2 soon.
        var messages = await SaysAsync(onA, "2|");
        await onA.SendTextAsync("kept");
        messages.Add(await onA.ReceiveTextAsync(BrokerNodes.Patience));
        Assert.Equal("2|kept", messages[^1]);
        Assert.Equal(messages, await BrokerNodes.ReceiveAsync(onB, messages.Count));

        await onB.SendCloseAsync(1000);
        Assert.Equal($"{onB.LocalPort} left (1 online)", await onA.ReceiveTextAsync(BrokerNodes.Patience));
        messages.AddRange(await SaysAsync(onA, "1|"));

        // The shared history holds the messages, no join or leave line.
        using var late = await WsTestClient.ConnectAsync(b.Port, "/chat");
        Assert.Equal("welcome (2 online)", await late.ReceiveTextAsync(BrokerNodes.Patience));
        Assert.Equal(messages[^Math.Min(messages.Count, 50)..], await BrokerNodes.ReceiveAsync(late, Math.Min(messages.Count, 50)));
        Assert.Equal($"{late.LocalPort} joined (2 online)", await late.ReceiveTextAsync(BrokerNodes.Patience));
    }

    [Fact]
    public async Task ANodeThatStopsTellsItsMembersLeaving()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync(yaml: Yaml);
        using var onA = await JoinAsync(nodes.A.Port, online: 1);
        using var onB = await JoinAsync(nodes.B.Port, online: 2);
        await HearsJoinAsync(onA, onB);

        await nodes.B.Host.StopAsync();
        Assert.Equal($"{onB.LocalPort} left (1 online)", await onA.ReceiveTextAsync(BrokerNodes.Patience));
        await SaysAsync(onA, "1|");
    }

    [Fact]
    public async Task AKilledNodesMembersStopCountingWithin20Seconds()
    {
        using var redis = await RedisServer.StartAsync();
        var yaml = Yaml(redis, $"t{Guid.NewGuid():N}:");
        using var doomed = ServeProcess.Of(yaml);
        using var onDoomed = await JoinAsync(await doomed.PortAsync(), online: 1);

        // The survivor's clock is virtual, set to the real time: the dead node's counts expire on it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var survivor = await TestApp.StartAsync(yaml, time: clock);
        using var onSurvivor = await JoinAsync(survivor.Port, online: 2);

        doomed.Dispose(); // SIGKILL: no leave, no last write
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        var killed = clock.GetUtcNow();

        // Still counted while its last count is valid (it wrote one at most 5 s ago, valid for 15 s).
        await onSurvivor.SendTextAsync("now");
        Assert.Equal("2|now", await onSurvivor.ReceiveTextAsync(BrokerNodes.Patience));

        string said;
        do
        {
            Assert.True(clock.GetUtcNow() - killed <= TimeSpan.FromSeconds(21), "the dead node is still counted 21 s after");
            await clock.AdvanceAsync(TimeSpan.FromSeconds(1));
            await onSurvivor.SendTextAsync("now");
            said = await onSurvivor.ReceiveTextAsync(BrokerNodes.Patience);
        }
        while (said != "1|now");
    }

    /// <summary>Connects to /chat and reads the greeting and its own join line, both with the count.</summary>
    private static async Task<WsTestClient> JoinAsync(int port, int online)
    {
        var client = await WsTestClient.ConnectAsync(port, "/chat");
        Assert.Equal($"welcome ({online} online)", await client.ReceiveTextAsync(BrokerNodes.Patience));
        Assert.Equal($"{client.LocalPort} joined ({online} online)", await client.ReceiveTextAsync(BrokerNodes.Patience));
        return client;
    }

    /// <summary>
    /// A's member is told of B's arrival with the count of both. A failure names both ports: a
    /// join line from another port (seen a few times under load, not yet understood) is then told
    /// apart from A's own line coming a second time.
    /// </summary>
    private static async Task HearsJoinAsync(WsTestClient onA, WsTestClient onB)
    {
        var line = await onA.ReceiveTextAsync(BrokerNodes.Patience);
        Assert.True(
            line == $"{onB.LocalPort} joined (2 online)",
            $"A (port {onA.LocalPort}) heard '{line}' where B (port {onB.LocalPort}) should have joined");
    }

    /// <summary>
    /// Sends "?" until the member's own format comes back starting with <paramref name="prefix"/>
    /// (a count heard from another node); returns the messages it got back.
    /// </summary>
    private static async Task<List<string>> SaysAsync(WsTestClient client, string prefix)
    {
        var deadline = DateTime.UtcNow + BrokerNodes.Patience;
        var said = new List<string>();
        do
        {
            Assert.True(DateTime.UtcNow < deadline, $"never '{prefix}?'");
            await client.SendTextAsync("?");
            said.Add(await client.ReceiveTextAsync(BrokerNodes.Patience));
        }
        while (said[^1] != prefix + "?");
        return said;
    }
}
