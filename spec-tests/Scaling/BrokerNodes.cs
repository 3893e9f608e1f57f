using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Scaling;

/// <summary>Shared steps of the broker tests: two engines on one Redis, and reading a room or a feed until N messages came.</summary>
internal static partial class BrokerNodes
{
    /// <summary>Generous: the CI machine is a loaded 2-core box, and these wait on events, not on a bound.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A fresh Redis and two engines on it serving <see cref="Yaml"/> plus <paramref name="moreRoutes"/>, under a key prefix of their own.</summary>
    /// <param name="yaml">the app instead of <see cref="Yaml"/>, given the Redis and the prefix</param>
    public static async Task<TwoNodes> StartTwoAsync(string moreRoutes = "", Func<RedisServer, string, string>? yaml = null)
    {
        var redis = await RedisServer.StartAsync();
        TestApp? a = null;
        try
        {
            var prefix = $"t{Guid.NewGuid():N}:";
            var app = (yaml ?? Yaml)(redis, prefix) + moreRoutes;
            a = await TestApp.StartAsync(app);
            return new TwoNodes(redis, prefix, a, await TestApp.StartAsync(app));
        }
        catch
        {
            if (a is not null)
                await a.DisposeAsync();
            redis.Dispose();
            throw;
        }
    }

    public static string Yaml(RedisServer redis, string prefix) => $"""
        server:
          broker: {redis.Url}
          broker_prefix: "{prefix}"
        routes:
          - path: /chat
            websocket: {"{"}mode: broadcast, channel: chat, history: 3{"}"}
          - path: /feed
            sse: {"{"}channel: chat{"}"}
          - path: /metrics
            metrics: true
        """;

    public static async Task<List<string>> ReceiveAsync(WsTestClient client, int count)
    {
        var seen = new List<string>();
        while (seen.Count < count)
        {
            seen.Add(await client.ReceiveTextAsync(Patience));
        }

        return seen;
    }

    /// <summary>Opens the SSE feed and returns the connection once the head is in.</summary>
    public static async Task<RawHttpClient> FollowAsync(int port, string path = "/feed")
    {
        var feed = await RawHttpClient.ConnectAsync(port);
        await feed.SendAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        var head = Encoding.Latin1.GetString(await feed.ReadAsync(ReadUntil.Idle, firstByte: Patience));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        return feed;
    }

    /// <summary>The "data:" values of the feed's events until <paramref name="count"/> came.</summary>
    public static async Task<List<string>> EventsAsync(RawHttpClient feed, int count)
    {
        var text = new StringBuilder();
        var deadline = DateTime.UtcNow + Patience;
        List<string> events = [];
        while (events.Count < count && DateTime.UtcNow < deadline && !feed.Eof)
        {
            text.Append(Encoding.UTF8.GetString(await feed.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromSeconds(1))));
            events = [.. DataLine().Matches(text.ToString()).Select(m => m.Groups[1].Value)];
        }

        return events;
    }

    /// <summary>Waits until the log holds <paramref name="text"/>.</summary>
    public static Task WaitForLogAsync(Func<string> log, string text) =>
        Poll.UntilAsync(() => log().Contains(text, StringComparison.Ordinal), Patience, () => $"no '{text}' in the log:\n{log()}");

    [GeneratedRegex("data: (.*)\n")]
    private static partial Regex DataLine();
}

/// <summary>Two engines on one broker; disposing stops both, then Redis.</summary>
internal sealed record TwoNodes(RedisServer Redis, string Prefix, TestApp A, TestApp B) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        Redis.Dispose();
    }
}
