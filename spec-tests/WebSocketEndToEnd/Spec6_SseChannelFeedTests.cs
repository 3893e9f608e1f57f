using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>SPEC 6: an SSE route with `channel: X` streams what WebSocket members broadcast on X.</summary>
public sealed class Spec6_SseChannelFeedTests
{
    private const string Yaml = """
        routes:
          - path: /ws
            websocket: {mode: broadcast, channel: chat, format: "said: {{ message }}"}
          - path: /other
            websocket: {mode: broadcast, channel: elsewhere}
          - path: /feed
            sse: {channel: chat}
        """;

    [Fact]
    public async Task FeedHeadComesBeforeAnyMessage()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var feed = await app.ConnectAsync();
        await feed.SendAsync($"GET /feed HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\n\r\n");
        var head = Encoding.Latin1.GetString(await feed.ReadAsync(ReadUntil.Idle));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.Contains("\r\nContent-Type: text/event-stream\r\n", head);
        Assert.EndsWith("\r\nTransfer-Encoding: chunked\r\n\r\n", head);
    }

    [Fact]
    public async Task WebSocketBroadcastsReachTheFeedInOrder()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var feed = await app.ConnectAsync();
        await feed.SendAsync($"GET /feed HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\n\r\n");
        await feed.ReadAsync(ReadUntil.Idle);
        using var speaker = await WsTestClient.ConnectAsync(app.Port, "/ws");
        using var other = await WsTestClient.ConnectAsync(app.Port, "/other");

        await other.SendTextAsync("not for the feed");
        Assert.Equal("not for the feed", await other.ReceiveTextAsync());
        foreach (var text in new[] { "one", "two\nlines", "three" })
        {
            await speaker.SendTextAsync(text);
            Assert.Equal("said: " + text, await speaker.ReceiveTextAsync());
        }

        var events = Encoding.Latin1.GetString(await feed.ReadAsync(ReadUntil.Idle));
        Assert.Equal(
            "11\r\ndata: said: one\n\n\r\n" +
            "1D\r\ndata: said: two\ndata: lines\n\n\r\n" +
            "13\r\ndata: said: three\n\n\r\n",
            events);
    }
}
