using System.Diagnostics;
using Tremolo.Server.Channels;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// SPEC 5 / configuration.md#max_queue_size: a member that stops reading is dropped once more
/// than max_queue_size messages wait for it, and the rest of the channel never waits for it;
/// running.md "Logging": the drop is logged with the member's address and channel.
/// </summary>
public sealed class Spec5_BackPressureTests
{
    [Fact]
    public async Task ClientThatNeverReadsIsDroppedWhileOthersKeepReceiving()
    {
        const int Messages = 300;
        const int Size = 65536;
        await using var app = await TestApp.StartAsync("""
            server:
              max_queue_size: 8
            routes:
              - path: /chat
                websocket: {mode: broadcast, max_payload_size: 1048576}
            """);

        // A tiny kernel receive buffer: the server's socket backs up after a few messages.
        using var stalled = await WsTestClient.ConnectAsync(app.Port, "/chat", receiveBufferSize: 4096);
        using var talker = await WsTestClient.ConnectAsync(app.Port, "/chat");
        var listeners = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => WsTestClient.ConnectAsync(app.Port, "/chat")));
        try
        {
            // Each message goes out once every reading member has the previous one: they stay
            // well inside the queue limit, only the stalled one falls behind.
            var clock = Stopwatch.StartNew();
            var readers = listeners.Append(talker).ToArray();
            for (var i = 0; i < Messages; i++)
            {
                await talker.SendBinaryAsync(Numbered(i, Size));
                var received = await Task.WhenAll(readers.Select(reader => ReceiveNumberedAsync(reader, 1)));
                Assert.All(received, numbers => Assert.Equal([i], numbers));
            }

            // The stalled one held nothing up.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the readers took {clock.Elapsed}");

            // The stalled client was dropped: what the kernel held for it, then the end.
            var got = 0;
            while ((await stalled.ReceiveAsync()).Opcode == WsOpcode.Binary)
            {
                got++;
            }

            Assert.True(stalled.Eof, "the stalled client's connection was not ended");
            Assert.InRange(got, 0, Messages - 1);

            // The log says who was dropped, and from which channel (written before the abort).
            Assert.Contains($"tremolo: WARNING: 127.0.0.1:{stalled.LocalPort} dropped from channel '/chat': 8 messages behind (max_queue_size)\n", app.Log);
        }
        finally
        {
            Spec5_BroadcastTests.DisposeAll(listeners);
        }
    }

    /// <summary>
    /// A burst published before an idle reader is scheduled is not a stall: the member is
    /// dropped only when its queue is over the limit while its reader is busy sending.
    /// </summary>
    [Fact]
    public async Task BurstBeyondTheLimitDoesNotDropAReaderWaitingForMessages()
    {
        var hub = new ChannelHub(maxQueueSize: 4);
        var member = hub.Join("room");
        var woken = member.WaitToReadAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1, hub.Publish("room", ChannelMessage.FromText($"m{i}")));
        }

        Assert.True(await woken);
        var taken = new List<string>();
        while (member.TryRead(out var message))
        {
            taken.Add(message.Text);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}"), taken);

        // Busy now (it took messages and is not waiting): four more fit, the fifth drops it.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, hub.Publish("room", ChannelMessage.FromText($"late{i}")));
        }

        Assert.False(member.IsDropped);
        Assert.Equal(0, hub.Publish("room", ChannelMessage.FromText("one too many")));
        Assert.True(member.IsDropped);
    }

    private static byte[] Numbered(int number, int size)
    {
        var payload = new byte[size];
        BitConverter.TryWriteBytes(payload, number);
        return payload;
    }

    private static async Task<List<int>> ReceiveNumberedAsync(WsTestClient client, int count)
    {
        var numbers = new List<int>(count);
        while (numbers.Count < count)
        {
            var frame = await client.ReceiveAsync();
            Assert.Equal(WsOpcode.Binary, frame.Opcode);
            numbers.Add(BitConverter.ToInt32(frame.Payload));
        }

        return numbers;
    }
}
