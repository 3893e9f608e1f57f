using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Config;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// schema.md WEBSOCKET `history_ttl`: a broadcast channel's history outlives its last member
/// for that many seconds (on the server's clock, virtual here): a lone member who reloads
/// within it sees the history, one who comes back after it finds the room new. 0 drops the
/// history with the last member, as before the key existed.
/// </summary>
public sealed class Schema_WebSocketHistoryTtl
{
    private static string Yaml(string ttl) => $$"""
        routes:
          - path: /room
            websocket: {mode: broadcast, history: 5{{ttl}}}
        """;

    /// <summary>Says something, then leaves; returns once the server has closed its side (the member is gone by then).</summary>
    private static async Task SpeakAndLeaveAsync(int port, params string[] messages)
    {
        using var member = await WsTestClient.ConnectAsync(port, "/room");
        foreach (var message in messages)
        {
            await member.SendTextAsync(message);
            Assert.Equal(message, await member.ReceiveTextAsync());
        }

        await LeaveAsync(member);
    }

    /// <summary>Closes and waits until the server has closed its side: it has left the room by then.</summary>
    private static async Task LeaveAsync(WsTestClient member)
    {
        await member.SendCloseAsync(1000);
        while ((await member.ReceiveAsync()).Opcode != WsOpcode.EndOfStream)
        {
        }
    }

    /// <summary>The first message a joiner gets (its history's first, or its own probe when the room kept none); then it leaves.</summary>
    private static async Task<string> FirstSeenAsync(int port)
    {
        using var joiner = await WsTestClient.ConnectAsync(port, "/room");
        await joiner.SendTextAsync("probe");
        var first = await joiner.ReceiveTextAsync();
        await LeaveAsync(joiner);
        return first;
    }

    [Fact]
    public async Task ALoneMemberWhoReloadsWithinTheTtlSeesTheHistory_AfterItTheRoomIsNew()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(Yaml(", history_ttl: 30"), time: clock);
        await SpeakAndLeaveAsync(app.Port, "one", "two");
        await clock.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal("one", await FirstSeenAsync(app.Port));

        // That visit left at 29 s; 30 s of quiet since then, and the history is gone.
        await clock.AdvanceAsync(TimeSpan.FromSeconds(31));
        Assert.Equal("probe", await FirstSeenAsync(app.Port));
    }

    [Fact]
    public async Task DefaultIsFiveMinutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(Yaml(""), time: clock);
        await SpeakAndLeaveAsync(app.Port, "kept");
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal("kept", await FirstSeenAsync(app.Port));
        clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal("probe", await FirstSeenAsync(app.Port));
    }

    [Fact]
    public async Task ZeroDropsTheHistoryWithTheLastMember()
    {
        await using var app = await TestApp.StartAsync(Yaml(", history_ttl: 0"));
        await SpeakAndLeaveAsync(app.Port, "gone");
        Assert.Equal("probe", await FirstSeenAsync(app.Port));
    }

    [Theory]
    [InlineData("-1", "tremolo.yaml:4:38: '-1' is not a history_ttl in seconds (0-604800)")]
    [InlineData("1.5", "tremolo.yaml:4:38: '1.5' is not a history_ttl in seconds (0-604800)")]
    [InlineData("604801", "tremolo.yaml:4:38: '604801' is not a history_ttl in seconds (0-604800)")]
    [InlineData("[1]", "tremolo.yaml:4:38: 'history_ttl' must be a single value, not a list")]
    public void MistakesAreReportedAtTheirPlace(string value, string error)
    {
        using var folder = new ConfigTestFolder();
        Assert.Equal([error], folder.Errors($"routes:\n  - path: /room\n    websocket:\n      {{mode: broadcast, history_ttl: {value}}}\n"));
    }
}
