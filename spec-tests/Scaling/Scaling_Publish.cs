using StackExchange.Redis;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md with schema.md `publish`: a message published over HTTP on one node goes through
/// the broker, so the members and SSE followers on every node get it, in the room's one order,
/// and it is in the shared history a joiner on another node replays.
/// </summary>
public sealed class Scaling_Publish
{
    [Fact]
    public async Task PublishOnOneNodeReachesMembersAndFollowersOnBoth()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync("""

              - path: /publish
                methods: {post: {publish: {channel: chat}}}
            """);
        var (a, b) = (nodes.A, nodes.B);
        using var onA = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var onB = await WsTestClient.ConnectAsync(b.Port, "/chat");
        using var feedB = await BrokerNodes.FollowAsync(b.Port);

        foreach (var text in new[] { "one", "two" })
        {
            var answer = await WireConnection.RequestAsync(a, $"POST /publish HTTP/1.1\r\nHost: h\r\nContent-Length: {text.Length}\r\n\r\n{text}");
            Assert.Equal(202, answer.Status);
        }

        // The 202 says the message is handed to this node's broker queue, not yet ordered by Redis:
        // a message sent through the other node only has a defined place once these arrived.
        Assert.Equal(["one", "two"], await BrokerNodes.ReceiveAsync(onA, 2));
        await onB.SendTextAsync("three");
        Assert.Equal(["three"], await BrokerNodes.ReceiveAsync(onA, 1));
        Assert.Equal(["one", "two", "three"], await BrokerNodes.ReceiveAsync(onB, 3));
        Assert.Equal(["one", "two", "three"], await BrokerNodes.EventsAsync(feedB, 3));

        using var joiner = await WsTestClient.ConnectAsync(b.Port, "/chat");
        Assert.Equal(["one", "two", "three"], await BrokerNodes.ReceiveAsync(joiner, 3));
    }

    [Fact]
    public async Task PublishIntoARoomWithNoMemberAnywhereIsKeptForAJoiner()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync("""

              - path: /publish
                publish: {channel: chat, message: "{{ query.text }}"}
            """);
        var (redis, prefix, a, b) = nodes;
        Assert.Equal(202, (await WireConnection.RequestAsync(a, "GET /publish?text=early HTTP/1.1\r\nHost: h\r\n\r\n")).Status);

        // The 202 comes once the message is handed to the broker: wait until Redis holds it, then join elsewhere.
        using (var redisClient = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}"))
        {
            var deadline = DateTime.UtcNow + BrokerNodes.Patience;
            while (await redisClient.GetDatabase().ListLengthAsync(prefix + "history:chat") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the published message never reached the shared history");
                await Task.Delay(20);
            }
        }

        using var joiner = await WsTestClient.ConnectAsync(b.Port, "/chat");
        Assert.Equal("early", await joiner.ReceiveTextAsync(BrokerNodes.Patience));
    }
}
