using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tremolo.Server.Channels;
using Tremolo.Server.Channels.Redis;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md "History" with schema.md `history_ttl`: in Redis a channel's history expires
/// history_ttl (plus the keep-alive slack, 60 s) after its last message, and a node that still
/// has members of the channel pushes that back every 30 s of its clock (virtual here), so a
/// quiet room with people in it keeps its history for the next joiner.
/// </summary>
public sealed class Scaling_HistoryTtl
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Expiry = Ttl + TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HistoryExpiresAfterTheTtlAndMembersKeepItAlive()
    {
        using var redis = await RedisServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var broker = await RedisBroker.ConnectAsync(redis.Url, prefix, historyCap: 3, Ttl, clock);
        var hub = new ChannelHub(10, broker, clock);
        using var client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        var database = client.GetDatabase();
        var history = (RedisKey)(prefix + "history:room");

        using var member = hub.Join("room", history: 3, historyTtl: Ttl);
        member.Publish(Tremolo.Server.Channels.ChannelMessage.FromText("hello"));
        await WaitAsync(async () => await database.ListLengthAsync(history) == 1);
        var left = await database.KeyTimeToLiveAsync(history);
        Assert.InRange(left!.Value, Expiry - TimeSpan.FromSeconds(5), Expiry);

        // Quiet, with a member: each keep-alive round sets the expiry back.
        await database.KeyExpireAsync(history, TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromSeconds(30));
        await WaitAsync(async () => await database.KeyTimeToLiveAsync(history) <= Expiry);

        // Without members here, nothing is pushed back.
        member.Dispose();
        await database.KeyExpireAsync(history, TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.True(await database.KeyTimeToLiveAsync(history) > Expiry);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + BrokerNodes.Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within patience");
            await Task.Delay(20);
        }
    }
}
