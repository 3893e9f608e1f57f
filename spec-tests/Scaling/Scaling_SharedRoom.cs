using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Scaling;

/// <summary>
/// scaling.md: two engines on one Redis broker carry one room. Every member on either node
/// gets every message in one and the same order (Redis's, the sender's node included), a
/// joiner on any node gets the same history, and SSE followers on both nodes the same events.
/// </summary>
public sealed class Scaling_SharedRoom
{
    [Fact]
    public async Task TwoEnginesOnOneBrokerShareOrderHistoryAndFeeds()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync();
        var (a, b) = (nodes.A, nodes.B);

        using var a1 = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var a2 = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var b1 = await WsTestClient.ConnectAsync(b.Port, "/chat");
        using var b2 = await WsTestClient.ConnectAsync(b.Port, "/chat");
        using var feedA = await BrokerNodes.FollowAsync(a.Port);
        using var feedB = await BrokerNodes.FollowAsync(b.Port);

        // Both nodes publish at once: no node may see its own first ("local first"), all see one order.
        const int each = 15;
        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    await a1.SendTextAsync($"a{i}");
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    await b1.SendTextAsync($"b{i}");
                }
            }));

        var orders = await Task.WhenAll(new[] { a1, a2, b1, b2 }.Select(c => BrokerNodes.ReceiveAsync(c, 2 * each)));
        Assert.All(orders, order => Assert.Equal(orders[0], order));
        Assert.Equal(Enumerable.Range(0, each).Select(i => $"a{i}"), orders[0].Where(m => m[0] == 'a'));
        Assert.Equal(Enumerable.Range(0, each).Select(i => $"b{i}"), orders[0].Where(m => m[0] == 'b'));

        Assert.Equal(orders[0], await BrokerNodes.EventsAsync(feedA, 2 * each));
        Assert.Equal(orders[0], await BrokerNodes.EventsAsync(feedB, 2 * each));

        // The history lives in Redis: a joiner on either node gets the same last three.
        using var lateA = await WsTestClient.ConnectAsync(a.Port, "/chat");
        using var lateB = await WsTestClient.ConnectAsync(b.Port, "/chat");
        Assert.Equal(orders[0][^3..], await BrokerNodes.ReceiveAsync(lateA, 3));
        Assert.Equal(orders[0][^3..], await BrokerNodes.ReceiveAsync(lateB, 3));

        // And then live messages, in the same order everywhere.
        await lateB.SendTextAsync("after");
        Assert.Equal(["after"], await BrokerNodes.ReceiveAsync(lateA, 1));
        Assert.Equal(["after"], await BrokerNodes.ReceiveAsync(a1, 1));
    }

    [Fact]
    public async Task AJoinerOnAnotherNodeGetsTheHistoryAfterTheLastMemberLeft()
    {
        await using var nodes = await BrokerNodes.StartTwoAsync();
        var (a, b) = (nodes.A, nodes.B);
        using (var speaker = await WsTestClient.ConnectAsync(a.Port, "/chat"))
        {
            foreach (var text in new[] { "one", "two", "three", "four" })
            {
                await speaker.SendTextAsync(text);
                Assert.Equal(text, await speaker.ReceiveTextAsync(BrokerNodes.Patience));
            }
        }

        using var joiner = await WsTestClient.ConnectAsync(b.Port, "/chat");
        Assert.Equal(["two", "three", "four"], await BrokerNodes.ReceiveAsync(joiner, 3));
    }
}
