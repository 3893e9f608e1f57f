using System.Runtime.InteropServices;
using System.Text;
using Tremolo.Server.App;
using Tremolo.Server.Channels;
using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>SPEC section 5 broadcast: one order for all, the sender included; slow members dropped; history.</summary>
public class ChannelHubTests
{
    [Fact]
    public async Task Broadcast_FiftyConcurrentPublishersAreSeenInOneOrderByAll()
    {
        const int publishers = 50;
        const int perPublisher = 40;
        var hub = new ChannelHub(maxQueueSize: publishers * perPublisher);
        var members = Enumerable.Range(0, publishers).Select(_ => hub.Join("room")).ToArray();

        using var start = new ManualResetEventSlim();
        var threads = members.Select((member, p) => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                for (var i = 0; i < perPublisher; i++)
                {
                    member.Publish(ChannelMessage.FromText($"{p}:{i}"));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        await Task.WhenAll(threads);

        var seen = members.Select(Drain).ToArray();
        Assert.Equal(publishers * perPublisher, seen[0].Count);
        Assert.All(seen, order => Assert.Equal(seen[0], order));
        for (var p = 0; p < publishers; p++)
        {
            var own = seen[0].Where(m => m.StartsWith($"{p}:", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, perPublisher).Select(i => $"{p}:{i}"), own);
        }
    }

    [Fact]
    public async Task Broadcast_TwoThousandMembersGetTwentyMessagesInOrderAndNoneIsDropped()
    {
        var hub = new ChannelHub(maxQueueSize: 128);
        var members = Enumerable.Range(0, 2000).Select(_ => hub.Join("big")).ToArray();
        var readers = members.Select(async member =>
        {
            var seen = new List<string>();
            while (seen.Count < 20 && await member.WaitToReadAsync())
            {
                seen.AddRange(Drain(member));
            }

            return seen;
        }).ToArray();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(2000, hub.Publish("big", ChannelMessage.FromText($"b{i}")));
        }

        var expected = Enumerable.Range(0, 20).Select(i => $"b{i}").ToList();
        Assert.All(await Task.WhenAll(readers), seen => Assert.Equal(expected, seen));
        Assert.DoesNotContain(members, m => m.IsDropped);
    }

    [Fact]
    public async Task Broadcast_MemberThatStopsReadingIsDroppedWhileOthersContinue()
    {
        var hub = new ChannelHub(maxQueueSize: 4);
        var droppedCalls = new List<ChannelMember>();
        var stalled = hub.Join("room", onDropped: droppedCalls.Add);
        var reader = hub.Join("room");

        var received = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            reader.Publish(ChannelMessage.FromText($"m{i}"));
            received.AddRange(Drain(reader));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), received);
        Assert.True(stalled.IsDropped);
        Assert.False(reader.IsDropped);
        Assert.Same(stalled, Assert.Single(droppedCalls));
        Assert.True(hub.TryGetRoom("room", out var channel));
        Assert.Equal(1, channel.MemberCount);

        // It keeps what was queued before the drop, then its queue ends.
        Assert.Equal(["m0", "m1", "m2", "m3"], Drain(stalled));
        Assert.False(await stalled.WaitToReadAsync());
    }

    [Fact]
    public void Broadcast_SenderIsIncluded()
    {
        var hub = new ChannelHub(128);
        var sender = hub.Join("room");
        var other = hub.Join("room");
        Assert.Equal(2, sender.Publish(ChannelMessage.FromText("hi")));
        Assert.Equal(["hi"], Drain(sender));
        Assert.Equal(["hi"], Drain(other));
    }

    [Fact]
    public void Broadcast_ChannelsAreSeparateRooms()
    {
        var hub = new ChannelHub(128);
        var lobby = hub.Join("room-lobby");
        var kitchen = hub.Join("room-kitchen");
        hub.Publish("room-lobby", ChannelMessage.FromText("lobby only"));
        Assert.Equal(["lobby only"], Drain(lobby));
        Assert.Empty(Drain(kitchen));
    }

    [Fact]
    public void Broadcast_HistoryIsReplayedToAJoinerBeforeLiveMessages()
    {
        var hub = new ChannelHub(128);
        var first = hub.Join("room", history: 3);
        for (var i = 1; i <= 5; i++)
        {
            first.Publish(ChannelMessage.FromText($"m{i}"));
        }

        var joiner = hub.Join("room", history: 3);
        first.Publish(ChannelMessage.FromText("m6"));
        Assert.Equal(["m3", "m4", "m5", "m6"], Drain(joiner));
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], Drain(first));
    }

    [Fact]
    public void Broker_LiveCopyOfAMessageTheCatchUpHistoryHeldIsNotDeliveredTwice()
    {
        // scaling.md "at most once": the shared history was read after Redis stored "before"
        // but before its pub/sub copy reached this node; the copy must not go out again.
        var hub = new ChannelHub(128);
        var member = hub.Join("room");
        member.BeginCatchUp([]);
        member.EndCatchUp([new SequencedMessage(6, ChannelMessage.FromText("older")), new SequencedMessage(7, ChannelMessage.FromText("before"))]);

        Assert.True(member.TryEnqueue(new SequencedMessage(7, ChannelMessage.FromText("before")), 128));
        // A restarted Redis numbers the channel from 1 again: a new message under an old number still goes out.
        Assert.True(member.TryEnqueue(new SequencedMessage(6, ChannelMessage.FromText("after")), 128));
        Assert.True(member.TryEnqueue(new SequencedMessage(7, ChannelMessage.FromText("before")), 128));

        Assert.Equal(["older", "before", "after", "before"], Drain(member));
    }

    [Fact]
    public void Broker_AJoinerWhoseHistoryReadIsSlowerThanTheRoomGetsEachMessageOnceInOrder()
    {
        // Scaling_WorkerNum under load: five messages reached the joiner's node before its
        // history read (cap 3) came back, so that history holds only the last three of them.
        // Once the joiner lost m1 and m2 (and waited for them), once it got m3..m5 twice.
        var broker = new SlowHistoryBroker();
        var hub = new ChannelHub(128, broker);
        var member = hub.Join("room", history: 3);
        for (var i = 1; i <= 5; i++)
        {
            ((IBrokerSink)hub).Deliver("room", Numbered(i, $"m{i}"));
        }

        broker.History.SetResult([Numbered(3, "m3"), Numbered(4, "m4"), Numbered(5, "m5")]);
        // The catch-up queues its whole answer under the room's lock, which m6 then waits for.
        Assert.True(SpinWait.SpinUntil(() => member.QueuedCount > 0, TimeSpan.FromSeconds(30)), "the catch-up did not end");
        ((IBrokerSink)hub).Deliver("room", Numbered(6, "m6"));

        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], Drain(member));
    }

    [Fact]
    public void Broker_CatchUpQueuesTheHistoryThenTheHeldThenWhatIsStillOnItsWay()
    {
        // The history read holds an older message, the two held ones, and one Redis had stored
        // but not yet brought here: that one goes out once, after the held ones, not again live.
        var hub = new ChannelHub(128);
        var member = hub.Join("room");
        member.BeginCatchUp([]);
        Assert.True(member.TryEnqueue(Numbered(3, "m3"), 128));
        Assert.True(member.TryEnqueue(Numbered(4, "m4"), 128));

        member.EndCatchUp([Numbered(2, "m2"), Numbered(3, "m3"), Numbered(4, "m4"), Numbered(5, "m5")]);
        Assert.True(member.TryEnqueue(Numbered(5, "m5"), 128));
        Assert.True(member.TryEnqueue(Numbered(6, "m6"), 128));

        Assert.Equal(["m2", "m3", "m4", "m5", "m6"], Drain(member));
    }

    [Fact]
    public void Broadcast_JoinerWithoutHistoryGetsOnlyLiveMessages()
    {
        var hub = new ChannelHub(128);
        var first = hub.Join("room", history: 2);
        first.Publish(ChannelMessage.FromText("old"));
        var joiner = hub.Join("room");
        first.Publish(ChannelMessage.FromText("new"));
        Assert.Equal(["new"], Drain(joiner));
    }

    [Fact]
    public async Task Broadcast_ChannelIsRemovedWhenItsLastMemberLeaves()
    {
        var hub = new ChannelHub(128);
        var a = hub.Join("room", history: 5);
        var b = hub.Join("room");
        a.Publish(ChannelMessage.FromText("before"));
        a.Dispose();
        Assert.Equal(1, hub.ChannelCount);
        b.Dispose();
        Assert.Equal(0, hub.ChannelCount);
        Assert.Equal(0, hub.Publish("room", ChannelMessage.FromText("nobody")));
        Assert.Equal(["before"], Drain(b));
        Assert.False(await b.WaitToReadAsync());

        var again = hub.Join("room", history: 5);
        Assert.Empty(Drain(again));
    }

    [Fact]
    public void Broadcast_EachMessageIsEncodedOnceAndShared()
    {
        var hub = new ChannelHub(128);
        var members = Enumerable.Range(0, 4).Select(_ => hub.Join("room")).ToArray();
        var counting = new CountingEncoding();
        members[0].Publish(ChannelMessage.FromText("You said: Hello"));

        var messages = members.Select(m => Assert.Single(DrainMessages(m))).ToArray();
        Assert.All(messages, m => Assert.Same(messages[0], m));
        Parallel.For(0, 64, i => messages[i % 4].GetEncoded(counting));
        Assert.Equal(1, counting.Calls);

        Assert.True(MemoryMarshal.TryGetArray(messages[0].GetEncoded(WebSocketFrameEncoding.Instance), out var first));
        Assert.True(MemoryMarshal.TryGetArray(messages[3].GetEncoded(WebSocketFrameEncoding.Instance), out var again));
        Assert.Same(first.Array, again.Array);
        Assert.Equal("\u0081\u000fYou said: Hello", Encoding.Latin1.GetString(messages[0].GetEncoded(WebSocketFrameEncoding.Instance).Span));
    }

    [Fact]
    public void Sse_AChannelMessageIsOneEventSharedByEveryListener()
    {
        var hub = new ChannelHub(128);
        var listeners = Enumerable.Range(0, 3).Select(_ => hub.Join("feed")).ToArray();
        hub.Publish("feed", ChannelMessage.FromText("a\nb"));

        var events = listeners.Select(l => Assert.Single(DrainMessages(l)).GetEncoded(SseEventEncoding.Instance)).ToArray();
        Assert.True(MemoryMarshal.TryGetArray(events[0], out var first));
        Assert.True(MemoryMarshal.TryGetArray(events[2], out var last));
        Assert.Same(first.Array, last.Array);
        Assert.Equal("data: a\ndata: b\n\n", Encoding.UTF8.GetString(events[0].Span));
        Assert.True(ChannelMessage.FromBinary([1]).GetEncoded(SseEventEncoding.Instance).IsEmpty);
    }

    [Fact]
    public void Broadcast_BinaryMessageIsABinaryFrame()
    {
        var message = ChannelMessage.FromBinary([1, 2, 3]);
        Assert.Equal(new byte[] { 0x82, 3, 1, 2, 3 }, message.GetEncoded(WebSocketFrameEncoding.Instance).ToArray());
        Assert.Throws<InvalidOperationException>(() => message.Text);
    }

    [Fact]
    public void Broadcast_ReceivedUtf8KeepsItsText()
    {
        var message = ChannelMessage.FromUtf8("Grüße"u8);
        Assert.Equal("Grüße", message.Text);
        Assert.Equal(FrameWriter.Encode(WebSocketOpcode.Text, "Grüße"u8), message.GetEncoded(WebSocketFrameEncoding.Instance).ToArray());
    }

    [Fact]
    public void Presence_MembersCountsPresentMembersOnlyAndFollowsLeavesAndDrops()
    {
        var hub = new ChannelHub(maxQueueSize: 2);
        var follower = hub.Join("room");
        var stalled = hub.Join("room", present: true);
        var reader = hub.Join("room", present: true);
        Assert.Equal(2, hub.Members("room"));

        // The stalled one falls behind and is dropped: counted out at once.
        for (var i = 0; i < 4; i++)
        {
            reader.Publish(ChannelMessage.FromText($"m{i}"));
            Drain(reader);
            Drain(follower);
        }

        Assert.True(stalled.IsDropped);
        Assert.Equal(1, hub.Members("room"));
        stalled.Dispose();
        Assert.Equal(1, hub.Members("room"));
        reader.Dispose();
        Assert.Equal(0, hub.Members("room"));
        follower.Dispose();
        Assert.Equal(0, hub.Members("room"));
    }

    [Fact]
    public void Presence_TransientMessagesAreDeliveredButKeptInNoHistory()
    {
        var hub = new ChannelHub(128);
        var first = hub.Join("room", history: 5, present: true);
        first.Publish(ChannelMessage.FromText("kept"));
        first.Publish(ChannelMessage.FromText("joined", transient: true));
        Assert.Equal(["kept", "joined"], Drain(first));

        var joiner = hub.Join("room", history: 5, present: true);
        Assert.Equal(["kept"], Drain(joiner));
    }

    private static SequencedMessage Numbered(long sequence, string text) => new(sequence, ChannelMessage.FromText(text));

    private static List<string> Drain(ChannelMember member) => DrainMessages(member).Select(m => m.Text).ToList();

    private static List<ChannelMessage> DrainMessages(ChannelMember member)
    {
        var messages = new List<ChannelMessage>();
        while (member.TryRead(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }

    private sealed class CountingEncoding : MessageEncoding
    {
        private int _calls;

        public int Calls => _calls;

        public override byte[] Encode(ChannelMessage message)
        {
            Interlocked.Increment(ref _calls);
            Thread.Sleep(5);
            return message.Payload.ToArray();
        }
    }

    [Fact]
    public void HistoryTtl_AnEmptiedRoomKeepsItsHistoryThenGoes()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var hub = new ChannelHub(maxQueueSize: 10, time: clock);
        var ttl = TimeSpan.FromSeconds(30);
        var lone = hub.Join("room", history: 2, historyTtl: ttl);
        lone.Publish(ChannelMessage.FromText("kept"));
        lone.Dispose();
        Assert.Equal(1, hub.ChannelCount);

        // A publish into the emptied room goes into its history and restarts the ttl.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, hub.Publish("room", ChannelMessage.FromText("later")));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, hub.ChannelCount);
        var back = hub.Join("room", history: 2, historyTtl: ttl);
        Assert.Equal(["kept", "later"], Drain(back));
        back.Dispose();

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, hub.ChannelCount);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, hub.ChannelCount);
        Assert.Empty(Drain(hub.Join("room", history: 2, historyTtl: ttl)));
    }

    [Fact]
    public void HistoryTtl_ARoomWithoutHistoryOrTtlGoesWithItsLastMember()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var hub = new ChannelHub(maxQueueSize: 10, time: clock);
        var noTtl = hub.Join("a", history: 2);
        noTtl.Publish(ChannelMessage.FromText("x"));
        noTtl.Dispose();
        var noHistory = hub.Join("b", historyTtl: TimeSpan.FromSeconds(30));
        noHistory.Publish(ChannelMessage.FromText("x"));
        noHistory.Dispose();
        Assert.Equal(0, hub.ChannelCount);
    }

    /// <summary>A broker that is up and answers the history read only when the test says so; the test plays Redis through the hub's sink.</summary>
    private sealed class SlowHistoryBroker : IChannelBroker
    {
        public TaskCompletionSource<IReadOnlyList<SequencedMessage>> History { get; } = new();

        public bool IsUp => true;

        public void Attach(IBrokerSink sink)
        {
        }

        public bool TryPublish(string channel, ChannelMessage message) => false;

        public Task<IReadOnlyList<SequencedMessage>> ReadHistoryAsync(string channel, int count) => History.Task;

        public void MembersChanged(string channel)
        {
        }

        public int MembersElsewhere(string channel) => 0;

        public Task MembersKnownAsync(string channel) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
