using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Config;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// schema.md WEBSOCKET, `join` / `leave`, and templates.md `members`: a broadcast channel tells
/// its members who arrives (after the newcomer's greeting) and who leaves, whatever ends the
/// connection, with the member count after the change. Join and leave lines are live only:
/// a later joiner's history holds none. SSE followers hear them but are not counted.
/// </summary>
public sealed class Schema_WebSocketJoinLeave
{
    private const string Yaml = """
        routes:
          - path: '^/room/(?P<room>[a-z]+)$'
            websocket:
              mode: broadcast
              channel: "room-{{ params.room }}"
              greeting: "Welcome to {{ params.room }} ({{ members }} online)"
              join: "Guest{{ client.port }} joined ({{ members }} online)"
              leave: "Guest{{ client.port }} left ({{ members }} online)"
              format: "{{ members }}|{{ message }}"
              history: 5
              max_messages_per_second: 3
          - path: /feed
            sse: {channel: room-lobby}
        """;

    [Fact]
    public async Task TwoMembersSeeTheJoinWithTheCountAndTheLeaveOnAClose()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var first = await WsTestClient.ConnectAsync(app.Port, "/room/lobby");
        Assert.Equal("Welcome to lobby (1 online)", await first.ReceiveTextAsync());
        Assert.Equal($"Guest{first.LocalPort} joined (1 online)", await first.ReceiveTextAsync());

        using var second = await WsTestClient.ConnectAsync(app.Port, "/room/lobby");
        Assert.Equal("Welcome to lobby (2 online)", await second.ReceiveTextAsync());
        Assert.Equal($"Guest{second.LocalPort} joined (2 online)", await second.ReceiveTextAsync());
        Assert.Equal($"Guest{second.LocalPort} joined (2 online)", await first.ReceiveTextAsync());

        await first.SendTextAsync("hi");
        Assert.Equal("2|hi", await first.ReceiveTextAsync());
        Assert.Equal("2|hi", await second.ReceiveTextAsync());

        await second.SendCloseAsync(1000);
        Assert.Equal($"Guest{second.LocalPort} left (1 online)", await first.ReceiveTextAsync());
        await first.SendTextAsync("alone");
        Assert.Equal("1|alone", await first.ReceiveTextAsync());
    }

    [Fact]
    public async Task AnAbruptSocketDropIsALeaveToo()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var stays = await JoinAsync(app, 1);
        var drops = await JoinAsync(app, 2);
        Assert.Equal($"Guest{drops.LocalPort} joined (2 online)", await stays.ReceiveTextAsync());

        drops.Reset();
        Assert.Equal($"Guest{drops.LocalPort} left (1 online)", await stays.ReceiveTextAsync());
    }

    [Fact]
    public async Task AClientClosedForFloodingLeaves()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var stays = await JoinAsync(app, 1);
        using var floods = await JoinAsync(app, 2);
        Assert.Equal($"Guest{floods.LocalPort} joined (2 online)", await stays.ReceiveTextAsync());

        for (var i = 0; i < 4; i++)
        {
            await floods.SendTextAsync($"m{i}");
        }

        Assert.True(await floods.WaitForEndAsync(VirtualTime.RealPatience));
        string line;
        while ((line = await stays.ReceiveTextAsync()).StartsWith("2|m", StringComparison.Ordinal))
        {
            // the messages within the rate, then the leave
        }

        Assert.Equal($"Guest{floods.LocalPort} left (1 online)", line);
    }

    [Fact]
    public async Task ASilentClientTimedOutLeaves()
    {
        // request_timeout on a virtual clock: the member that answers no ping is closed, the other is told.
        var clock = new FakeTimeProvider();
        await using var app = await TestApp.StartAsync(Yaml.Replace("routes:", "server:\n  request_timeout: 10\nroutes:"), time: clock);
        using var stays = await JoinAsync(app, 1);
        using var silent = await JoinAsync(app, 2);
        Assert.Equal($"Guest{silent.LocalPort} joined (2 online)", await stays.ReceiveTextAsync());

        // The one that stays reads (and so answers pings) while the clock runs.
        var told = stays.ReceiveTextAsync(VirtualTime.RealPatience);
        await clock.AdvanceUntilAsync(told, TimeSpan.FromSeconds(15));
        Assert.Equal($"Guest{silent.LocalPort} left (1 online)", await told);
    }

    [Fact]
    public async Task AMemberDroppedForFallingBehindLeaves()
    {
        await using var app = await TestApp.StartAsync("""
            server:
              max_queue_size: 8
            routes:
              - path: /chat
                websocket: {mode: broadcast, max_payload_size: 1048576, leave: "{{ client.port }} left ({{ members }} online)"}
            """);

        // A tiny kernel receive buffer: the server's socket backs up after a few messages.
        using var stalled = await WsTestClient.ConnectAsync(app.Port, "/chat", receiveBufferSize: 4096);
        using var talker = await WsTestClient.ConnectAsync(app.Port, "/chat");

        // One frame read per message sent: the talker's own echoes, and once the stalled member
        // is dropped, the leave line among them (it may come before the echo of the message sent
        // last, so the first text frame ends the loop, not the drop's log line).
        var big = new byte[65536];
        string? left = null;
        for (var i = 0; i < 300 && left is null; i++)
        {
            await talker.SendBinaryAsync(big);
            var frame = await talker.ReceiveAsync();
            if (frame.Opcode == WsOpcode.Text)
            {
                left = Encoding.UTF8.GetString(frame.Payload);
            }
            else
            {
                Assert.Equal(WsOpcode.Binary, frame.Opcode);
            }
        }

        await app.WaitForLogAsync(log => log.Contains("dropped from channel", StringComparison.Ordinal));
        Assert.Equal($"{stalled.LocalPort} left (1 online)", left);
    }

    [Fact]
    public async Task JoinAndLeaveLinesAreNotKeptInHistory()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using (var gone = await JoinAsync(app, 1))
        {
            await gone.SendTextAsync("kept");
            Assert.Equal("1|kept", await gone.ReceiveTextAsync());
            using var stays = await JoinAsync(app, 2, history: ["1|kept"]);
            Assert.Equal($"Guest{stays.LocalPort} joined (2 online)", await gone.ReceiveTextAsync());
            await stays.SendTextAsync("also kept");
            Assert.Equal("2|also kept", await stays.ReceiveTextAsync());
            await gone.SendCloseAsync(1000);
            Assert.Equal($"Guest{gone.LocalPort} left (1 online)", await stays.ReceiveTextAsync());

            // A joiner now gets the two messages and its own join: no join or leave of others.
            using var late = await JoinAsync(app, 2, history: ["1|kept", "2|also kept"]);
        }
    }

    [Fact]
    public async Task SseFollowersHearJoinsButAreNotMembers()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var feed = await app.ConnectAsync();
        await feed.SendAsync($"GET /feed HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", Encoding.Latin1.GetString(await feed.ReadAsync(ReadUntil.Idle)));

        using var member = await JoinAsync(app, 1);
        Assert.Contains($"data: Guest{member.LocalPort} joined (1 online)\n\n", Encoding.Latin1.GetString(await feed.ReadAsync(ReadUntil.Idle)));
    }

    [Fact]
    public async Task ALeaveOnAPlainRoomStillReadsTheRequest()
    {
        // No greeting and an as-is format: only `leave` renders after the 101, so the session
        // must keep the request it reads (an idle session that renders nothing drops it).
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /plain
                websocket: {mode: broadcast, leave: "{{ request.headers['host'] }} left"}
            """);
        using var stays = await WsTestClient.ConnectAsync(app.Port, "/plain");
        using var leaves = await WsTestClient.ConnectAsync(app.Port, "/plain");
        await leaves.SendTextAsync("hi");
        Assert.Equal("hi", await stays.ReceiveTextAsync());

        await leaves.SendCloseAsync(1000);
        Assert.Equal($"127.0.0.1:{app.Port} left", await stays.ReceiveTextAsync());
    }

    [Fact]
    public void JoinAndLeaveAreTemplatesCheckedAtTheirPlaceAndNeedBroadcast()
    {
        using var folder = new ConfigTestFolder();
        // Inside the leave template, at the `}}` where an expression was expected.
        var errors = folder.Errors("routes:\n  - path: /a\n    websocket: {mode: broadcast, join: \"x\", leave: \"{{ if }}\"}\n");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("tremolo.yaml:3:59: invalid template: ", e));
        Assert.Equal(
            [
                "tremolo.yaml:3:23: websocket 'join' needs mode: broadcast",
                "tremolo.yaml:3:33: websocket 'leave' needs mode: broadcast",
            ],
            folder.Errors("routes:\n  - path: /a\n    websocket: {join: x, leave: \"y\"}\n"));
    }

    /// <summary>Connects to the lobby and reads the greeting, the history and its own join line.</summary>
    private static async Task<WsTestClient> JoinAsync(TestApp app, int online, string[]? history = null)
    {
        var client = await WsTestClient.ConnectAsync(app.Port, "/room/lobby");
        Assert.Equal($"Welcome to lobby ({online} online)", await client.ReceiveTextAsync());
        foreach (var line in history ?? [])
        {
            Assert.Equal(line, await client.ReceiveTextAsync());
        }

        Assert.Equal($"Guest{client.LocalPort} joined ({online} online)", await client.ReceiveTextAsync());
        return client;
    }
}
