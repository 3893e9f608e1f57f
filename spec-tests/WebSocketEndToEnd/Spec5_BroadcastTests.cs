using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// SPEC 5 / issue 5.2: `mode: broadcast`: every member of a channel, the sender included,
/// sees the messages in one same order; templated channel names make rooms; history and
/// greeting for joiners.
/// </summary>
public sealed class Spec5_BroadcastTests
{
    // Room enough for a burst from every member at once on a loaded machine: these tests are
    // about order, not about dropping members that fall behind (Spec5_BackPressureTests).
    private const string RoomsYaml = """
        server:
          max_queue_size: 1024
        routes:
          - path: '^/room/(?P<room>[a-z]+)$'
            websocket:
              mode: broadcast
              channel: "room-{{ params.room }}"
              format: "{{ channel }}|{{ message }}"
        """;

    [Fact]
    public async Task ConcurrentPublishersAllSeeOneOrderIncludingTheirOwn()
    {
        const int Members = 6;
        const int PerMember = 25;
        await using var app = await TestApp.StartAsync(RoomsYaml);
        var clients = await Task.WhenAll(Enumerable.Range(0, Members).Select(_ => WsTestClient.ConnectAsync(app.Port, "/room/a")));
        try
        {
            // Everyone publishes at once while everyone reads.
            var readers = clients.Select(client => ReceiveTextsAsync(client, Members * PerMember)).ToArray();
            await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
            {
                for (var i = 0; i < PerMember; i++)
                {
                    await client.SendTextAsync($"{c}:{i}");
                }
            })));
            var seen = await Task.WhenAll(readers);

            var expected = Enumerable.Range(0, Members).SelectMany(c => Enumerable.Range(0, PerMember).Select(i => $"room-a|{c}:{i}")).Order();
            Assert.Equal(expected, seen[0].Order());
            foreach (var other in seen.Skip(1))
            {
                Assert.Equal(seen[0], other);
            }

            // Each publisher's own messages keep its sending order within the common order.
            for (var c = 0; c < Members; c++)
            {
                var mine = seen[0].Where(m => m.StartsWith($"room-a|{c}:", StringComparison.Ordinal));
                Assert.Equal(Enumerable.Range(0, PerMember).Select(i => $"room-a|{c}:{i}"), mine);
            }
        }
        finally
        {
            DisposeAll(clients);
        }
    }

    /// <summary>A client holding its 101 is a member already: what is published next reaches it.</summary>
    [Fact]
    public async Task MemberFromTheMomentItsHandshakeIsAnswered()
    {
        await using var app = await TestApp.StartAsync(RoomsYaml);
        using var speaker = await WsTestClient.ConnectAsync(app.Port, "/room/a");
        using var speaking = new SemaphoreSlim(1);

        // Many joiners at once keep the server busy; each is spoken to the moment it is in.
        await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var joiner = await WsTestClient.ConnectAsync(app.Port, "/room/a");
            await speaking.WaitAsync();
            try
            {
                await speaker.SendTextAsync($"for {i}");
            }
            finally
            {
                speaking.Release();
            }

            while (await joiner.ReceiveTextAsync(TimeSpan.FromSeconds(5)) != $"room-a|for {i}")
            {
                // messages for joiners that came in earlier
            }
        }));
    }

    [Fact]
    public async Task TemplatedChannelNamesKeepRoomsApart()
    {
        await using var app = await TestApp.StartAsync(RoomsYaml);
        using var a1 = await WsTestClient.ConnectAsync(app.Port, "/room/alpha");
        using var a2 = await WsTestClient.ConnectAsync(app.Port, "/room/alpha");
        using var b = await WsTestClient.ConnectAsync(app.Port, "/room/beta");

        await a1.SendTextAsync("for alpha");
        Assert.Equal("room-alpha|for alpha", await a1.ReceiveTextAsync());
        Assert.Equal("room-alpha|for alpha", await a2.ReceiveTextAsync());

        // beta's first message is its own: nothing from alpha reached it.
        await b.SendTextAsync("for beta");
        Assert.Equal("room-beta|for beta", await b.ReceiveTextAsync());
        await a2.SendTextAsync("again");
        Assert.Equal("room-alpha|again", await a1.ReceiveTextAsync());
        Assert.Equal("room-alpha|again", await a2.ReceiveTextAsync());
    }

    [Fact]
    public async Task RouteWithoutChannelBroadcastsOnItsPath()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /chat
                websocket: {mode: broadcast, format: "{{ channel }}: {{ message }}"}
            """);
        using var first = await WsTestClient.ConnectAsync(app.Port, "/chat");
        using var second = await WsTestClient.ConnectAsync(app.Port, "/chat");
        await second.SendTextAsync("hi");
        Assert.Equal("/chat: hi", await first.ReceiveTextAsync());
        Assert.Equal("/chat: hi", await second.ReceiveTextAsync());
    }

    [Fact]
    public async Task BinaryIsBroadcastAsBinary()
    {
        await using var app = await TestApp.StartAsync(RoomsYaml);
        using var first = await WsTestClient.ConnectAsync(app.Port, "/room/x");
        using var second = await WsTestClient.ConnectAsync(app.Port, "/room/x");
        byte[] payload = [1, 2, 3, 0xFE];
        await first.SendBinaryAsync(payload);
        foreach (var client in new[] { first, second })
        {
            var frame = await client.ReceiveAsync();
            Assert.Equal(WsOpcode.Binary, frame.Opcode);
            Assert.Equal(payload, frame.Payload);
        }
    }

    [Fact]
    public async Task JoinerGetsGreetingThenLastHistoryMessagesInOrderThenLiveOnes()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /chat
                websocket:
                  mode: broadcast
                  channel: lobby
                  history: 3
                  greeting: "Welcome, Guest{{ client.port }}"
            """);
        using var early = await WsTestClient.ConnectAsync(app.Port, "/chat");
        Assert.Equal($"Welcome, Guest{early.LocalPort}", await early.ReceiveTextAsync());
        for (var i = 1; i <= 5; i++)
        {
            await early.SendTextAsync($"m{i}");
            Assert.Equal($"m{i}", await early.ReceiveTextAsync());
        }

        using var late = await WsTestClient.ConnectAsync(app.Port, "/chat");
        Assert.Equal($"Welcome, Guest{late.LocalPort}", await late.ReceiveTextAsync());
        Assert.Equal(["m3", "m4", "m5"], await ReceiveTextsAsync(late, 3));
        await early.SendTextAsync("m6");
        Assert.Equal("m6", await late.ReceiveTextAsync());
        Assert.Equal("m6", await early.ReceiveTextAsync());
    }

    internal static async Task<string[]> ReceiveTextsAsync(WsTestClient client, int count, TimeSpan? timeout = null)
    {
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            texts[i] = await client.ReceiveTextAsync(timeout);
        }

        return texts;
    }

    internal static void DisposeAll(IEnumerable<WsTestClient> clients)
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
