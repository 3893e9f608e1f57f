using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Tremolo drops a send stalled for request_timeout (lib/http_protocol.py, _send_data), and so
/// do we for every kind of output: a WebSocket echo, an SSE stream, a channel member's pump, a
/// file download. The peer that stopped reading is dropped within 3 × request_timeout (issue 10)
/// and logged at INFO with its address and route; nobody else waits for it. On the server's
/// virtual clock: while it stands still, nothing is dropped, so the stall is certain.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Tremolo_SendTimeout
{
    private const int RequestTimeout = 2;
    private static readonly TimeSpan DropLimit = TimeSpan.FromSeconds(3 * RequestTimeout);

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Tremolo_SendTimeout_AWebSocketEchoClientThatNeverReadsIsDropped()
    {
        await using var app = await StartAsync("  - {path: /ws, websocket: {mode: echo, max_payload_size: 1048576}}\n");
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", receiveBufferSize: 4096);

        // Echoes pile up unread until the server's send stalls and it stops reading: then our sends stall too.
        var sending = SendUntilStalledAsync(() => client.SendBinaryAsync(new byte[65536]));
        await sending.Stalled;

        await DroppedAsync(app, client.LocalPort, "/ws");
        Assert.True(await client.WaitForEndAsync(VirtualTime.RealPatience), "the client's connection did not end");
    }

    [Fact]
    public async Task Tremolo_SendTimeout_AnSseListenerThatNeverReadsIsDropped()
    {
        await using var app = await StartAsync(
            "  - {path: /feed, sse: {channel: news}}\n  - {path: /chat, websocket: {mode: broadcast, channel: news, max_payload_size: 1048576}}\n");
        using var listener = await RawHttpClient.ConnectAsync(app.Port);
        await listener.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Contains("text/event-stream", Encoding.Latin1.GetString(await listener.ReadAsync()));
        using var talker = await WsTestClient.ConnectAsync(app.Port, "/chat");

        // Far more than the socket buffers hold, none of it read by the listener.
        await PublishAsync(talker, count: 300);

        await DroppedAsync(app, listener.LocalPort, "/feed");
        await listener.ReadAsync(ReadUntil.Close, timeout: VirtualTime.RealPatience);
        Assert.True(listener.Eof, "the listener's connection did not end");
    }

    [Fact]
    public async Task Tremolo_SendTimeout_ABroadcastMemberThatNeverReadsDoesNotStallTheOthers()
    {
        await using var app = await StartAsync("  - {path: /chat, websocket: {mode: broadcast, max_payload_size: 1048576}}\n");
        using var stalled = await WsTestClient.ConnectAsync(app.Port, "/chat", receiveBufferSize: 4096);
        using var talker = await WsTestClient.ConnectAsync(app.Port, "/chat");
        using var other = await WsTestClient.ConnectAsync(app.Port, "/chat");

        // The clock stands still, so the stalled member is not dropped yet: the others get every message all the same.
        await PublishAsync(talker, count: 300, also: other);
        Assert.DoesNotContain("send timeout", app.Log);

        await DroppedAsync(app, stalled.LocalPort, "/chat");
        Assert.True(await stalled.WaitForEndAsync(VirtualTime.RealPatience), "the stalled member's connection did not end");
    }

    [Fact]
    public async Task Tremolo_SendTimeout_AnHttpDownloadThatStopsReadingIsDropped()
    {
        await using var app = await StartAsync("  - {path: /big, file: big.bin}\n", new() { ["big.bin"] = new string('z', 32 << 20) });
        using var download = await RawHttpClient.ConnectAsync(app.Port);
        await download.SendAsync("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = Encoding.Latin1.GetString(await download.ReadAsync(ReadUntil.Bytes, count: 100, timeout: VirtualTime.RealPatience));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);

        // Others are served while it sits there.
        Assert.StartsWith("HTTP/1.0 404", await app.ExchangeAsync("GET /nothing HTTP/1.0\r\n\r\n", ReadUntil.Close));

        await DroppedAsync(app, download.LocalPort, "/big");
        var rest = await download.ReadAsync(ReadUntil.Close, timeout: VirtualTime.RealPatience);
        Assert.True(download.Eof, "the download's connection did not end");
        Assert.InRange(head.Length + rest.Length, 100, 32 << 20);
    }

    private Task<TestApp> StartAsync(string routes, Dictionary<string, string>? files = null) =>
        TestApp.StartAsync($"server: {{request_timeout: {RequestTimeout}, max_queue_size: 100000}}\nroutes:\n{routes}", files, time: _clock);

    /// <summary>
    /// Moves the clock until the server logs the drop of the peer on <paramref name="port"/>,
    /// at most 3 × request_timeout; the line names the address and the route.
    /// </summary>
    private async Task DroppedAsync(TestApp app, int port, string route)
    {
        var line = $"tremolo: INFO: send timeout: 127.0.0.1:{port} stopped reading {route} for {RequestTimeout}s; connection dropped\n";
        await _clock.AdvanceUntilAsync(() => app.Log.Contains(line, StringComparison.Ordinal), DropLimit);
    }

    /// <summary>Publishes messages of 64 KiB, each read back by the talker (and <paramref name="also"/>) before the next.</summary>
    private static async Task PublishAsync(WsTestClient talker, int count, WsTestClient? also = null)
    {
        var message = new string('m', 65536);
        for (var i = 0; i < count; i++)
        {
            await talker.SendTextAsync(message);
            Assert.Equal(message, await talker.ReceiveTextAsync());
            if (also is not null)
                Assert.Equal(message, await also.ReceiveTextAsync());
        }
    }

    /// <summary>Sends again and again; <see cref="Sending.Stalled"/> completes once one send has made no progress for a while.</summary>
    private static Sending SendUntilStalledAsync(Func<Task> sendOne)
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var send = sendOne();
                    if (await Task.WhenAny(send, Task.Delay(500)) != send)
                        stalled.TrySetResult();
                    await send;
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Dropped by the server (or given up): the loop ends.
                stalled.TrySetResult();
            }
        });
        return new Sending(stalled.Task, loop);
    }

    private sealed record Sending(Task Stalled, Task Loop);
}
