using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.WebSockets.Broadcast;

/// <summary>
/// One subscriber of a channel (a WebSocket or an SSE connection): its own queue of messages
/// to send, filled by publishers and drained by the connection's writer. Dispose to leave.
/// </summary>
public sealed class ChannelMember : IDisposable
{
    private const int Active = 0;
    private const int Left = 1;
    private const int Dropped = 2;

    private readonly Channel<BroadcastMessage> _queue =
        System.Threading.Channels.Channel.CreateUnbounded<BroadcastMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BroadcastHub _hub;
    private readonly Action<ChannelMember>? _onDropped;
    private int _queued;
    private int _state;
    private volatile bool _readerWaiting;

    internal ChannelMember(BroadcastHub hub, BroadcastChannel channel, Action<ChannelMember>? onDropped)
    {
        _hub = hub;
        Channel = channel;
        _onDropped = onDropped;
        TremoloMetrics.ChannelMembersAdd(1);
    }

    public BroadcastChannel Channel { get; }

    /// <summary>True once the member was dropped for not keeping up: its connection must be closed.</summary>
    public bool IsDropped => Volatile.Read(ref _state) == Dropped;

    /// <summary>Messages waiting to be sent.</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>
    /// Waits for a message; false once the member has left or was dropped and the queue is
    /// drained. Until the next <see cref="TryRead"/> the member cannot be dropped: its reader
    /// is idle and drains the queue as soon as it is scheduled, so a burst is not a stall.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        _readerWaiting = true;
        return _queue.Reader.WaitToReadAsync(cancellationToken);
    }

    public bool TryRead([MaybeNullWhen(false)] out BroadcastMessage message)
    {
        _readerWaiting = false;
        if (!_queue.Reader.TryRead(out message))
        {
            return false;
        }

        Interlocked.Decrement(ref _queued);
        return true;
    }

    /// <summary>Publishes on this member's channel (the member receives it too); returns how many members got it.</summary>
    public int Publish(BroadcastMessage message) => Channel.Publish(message);

    public void Dispose() => _hub.Leave(this);

    /// <summary>
    /// Queues a live message unless the queue already holds <paramref name="limit"/> while the
    /// reader is busy (sending what it took, to a client that does not read). Under the channel lock.
    /// </summary>
    internal bool TryEnqueue(BroadcastMessage message, int limit)
    {
        if (!_readerWaiting && Volatile.Read(ref _queued) >= limit)
        {
            return false;
        }

        Enqueue(message);
        return true;
    }

    /// <summary>Queues a history message on join; history does not count against the limit then.</summary>
    internal void Enqueue(BroadcastMessage message)
    {
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite(message);
    }

    /// <summary>Ends the subscription once; a drop also tells the connection through the callback.</summary>
    internal void End(bool dropped)
    {
        if (Interlocked.CompareExchange(ref _state, dropped ? Dropped : Left, Active) != Active)
        {
            return;
        }

        _queue.Writer.TryComplete();
        TremoloMetrics.ChannelMembersAdd(-1);
        if (dropped)
        {
            TremoloMetrics.ChannelMemberDropped();
            _onDropped?.Invoke(this);
        }
    }
}
