using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// One client flooding a room: `websocket.max_messages_per_second` closes a client that sends
/// more in a second with 1008 (RFC 6455 7.4.1, policy violation) and logs it. The window runs
/// on the server's clock, virtual here, so a loaded machine cannot change the outcome.
/// </summary>
public sealed class Attack_MessageFlood
{
    private const string Yaml = """
        routes:
          - path: /ws
            websocket: {max_messages_per_second: 5}
        """;

    [Fact]
    public async Task ClientOverTheRateIsClosedWith1008AndLogged()
    {
        var clock = new FakeTimeProvider();
        await using var app = await TestApp.StartAsync(Yaml, time: clock);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        for (var i = 0; i < 5; i++)
        {
            await client.SendTextAsync($"m{i}");
            Assert.Equal($"m{i}", await client.ReceiveTextAsync());
        }

        await client.SendTextAsync("one too many");
        var frame = await client.ReceiveAsync();
        Assert.Equal(1008, frame.CloseCode);
        Assert.True(await client.WaitForEndAsync(VirtualTime.RealPatience));
        Assert.Contains("closed (1008): more than 5 messages per second", app.Log);
    }

    [Fact]
    public async Task ClientWithinTheRateKeepsTalkingSecondAfterSecond()
    {
        var clock = new FakeTimeProvider();
        await using var app = await TestApp.StartAsync(Yaml, time: clock);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        for (var second = 0; second < 3; second++)
        {
            for (var i = 0; i < 5; i++)
            {
                await client.SendTextAsync($"{second}.{i}");
                Assert.Equal($"{second}.{i}", await client.ReceiveTextAsync());
            }

            await clock.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.DoesNotContain("1008", app.Log);
    }

    [Fact]
    public void RateMustBeACountOfOneOrMore()
    {
        using var folder = new Config.ConfigTestFolder();
        Assert.Equal(
            ["tremolo.yaml:3:42: '0' is not a count (expected a whole number, 1 or more)"],
            folder.Errors("routes:\n  - path: /ws\n    websocket: {max_messages_per_second: 0}\n"));
    }
}
