using System.Net.WebSockets;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `max_queue_size`: the most a connection may have queued; beyond it the
/// connection is aborted. Here it bounds the messages waiting for one broadcast member: an
/// event-stream listener that stops reading while a WebSocket floods its channel is dropped,
/// and the sender carries on.
/// </summary>
public sealed class Configuration_MaxQueueSize
{
    private const int Messages = 300;
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(new string('m', 60_000));

    [Fact]
    public async Task AListenerThatFallsBehindIsDropped()
    {
        var (feedClosed, senderAlive) = await FloodAsync(maxQueueSize: 4);

        Assert.True(feedClosed);
        Assert.True(senderAlive);
    }

    [Fact]
    public async Task WithinTheLimitTheListenerStays()
    {
        var (feedClosed, senderAlive) = await FloodAsync(maxQueueSize: 100_000);

        Assert.False(feedClosed);
        Assert.True(senderAlive);
    }

    /// <summary>Sends the flood while the feed does not read; then reads the feed to its end or a pause.</summary>
    private static async Task<(bool FeedClosed, bool SenderAlive)> FloodAsync(int maxQueueSize)
    {
        var yaml = $"server: {{max_queue_size: {maxQueueSize}}}\nroutes:\n"
                   + "  - {path: /chat, websocket: {mode: broadcast, channel: room}}\n"
                   + "  - {path: /feed, sse: {events: [{data: hi}], channel: room}}\n";
        await using var app = await TestApp.StartAsync(yaml);
        using var feed = await RawHttpClient.ConnectAsync(app.Port);
        await feed.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Contains("data: hi", Encoding.Latin1.GetString(await feed.ReadAsync()));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var sender = new ClientWebSocket();
        await sender.ConnectAsync(new Uri($"ws://127.0.0.1:{app.Port}/chat"), timeout.Token);
        var buffer = new byte[65536];
        var senderAlive = true;
        for (var i = 0; i < Messages && senderAlive; i++)
        {
            // In step with its own echo: the sender is a member too, and must not fall behind.
            await sender.SendAsync(Message, WebSocketMessageType.Text, true, timeout.Token);
            senderAlive = await ReceiveMessageAsync(sender, buffer, timeout.Token) == Message.Length;
        }

        var received = await feed.ReadAsync(ReadUntil.Idle, idle: TimeSpan.FromSeconds(1), timeout: TimeSpan.FromSeconds(20));
        Assert.NotEmpty(received);
        return (feed.Eof, senderAlive);
    }

    private static async Task<int> ReceiveMessageAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return -1;
            length += result.Count;
            if (result.EndOfMessage)
                return length;
        }
    }
}
