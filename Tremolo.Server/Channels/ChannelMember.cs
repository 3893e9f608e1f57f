using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Channels;

/// <summary>
/// One subscriber of a channel (a WebSocket or an SSE connection): its own queue of messages
/// to send, filled by publishers and drained by the connection's writer. Dispose to leave.
/// </summary>
public sealed class ChannelMember : IDisposable
{
    private const int Active = 0;
    private const int Left = 1;
    private const int Dropped = 2;

    private readonly Channel<ChannelMessage> _queue =
        System.Threading.Channels.Channel.CreateUnbounded<ChannelMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ChannelHub _hub;
    private readonly Action<ChannelMember>? _onDropped;
    private int _queued;
    private int _state;
    private volatile bool _readerWaiting;

    // While the shared history is fetched (a broker): the room's own recent messages, the fallback, and the live ones held back.
    private SequencedMessage[]? _localHistory;
    private List<SequencedMessage>? _held;

    // The shared history just queued: a live message held meanwhile, or one Redis was still
    // bringing here when it was read, is in it already and must not go out twice (at most once).
    private IReadOnlyList<SequencedMessage>? _caughtUp;

    internal ChannelMember(ChannelHub hub, ChannelRoom room, Action<ChannelMember>? onDropped, bool present)
    {
        _hub = hub;
        Room = room;
        _onDropped = onDropped;
        IsPresent = present;
        TremoloMetrics.ChannelMembersAdd(1);
    }

    public ChannelRoom Room { get; }

    /// <summary>Counted in the channel's `members` (a WebSocket member; an SSE follower only listens).</summary>
    public bool IsPresent { get; }

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

    public bool TryRead([MaybeNullWhen(false)] out ChannelMessage message)
    {
        _readerWaiting = false;
        if (!_queue.Reader.TryRead(out message))
        {
            return false;
        }

        Interlocked.Decrement(ref _queued);
        return true;
    }

    /// <summary>Publishes on this member's channel (the member receives it too); see <see cref="ChannelHub.Publish"/>.</summary>
    public int Publish(ChannelMessage message) => _hub.Publish(Room.Name, message);

    public void Dispose() => _hub.Leave(this);

    /// <summary>
    /// Queues a live message unless the queue already holds <paramref name="limit"/> while the
    /// reader is busy (sending what it took, to a client that does not read). Under the room's lock.
    /// </summary>
    internal bool TryEnqueue(SequencedMessage message, int limit)
    {
        if (_held is { } held)
        {
            held.Add(message);
            return held.Count <= limit;
        }

        if (_caughtUp is not null && RepeatsHistory(message))
        {
            return true;
        }

        if (!_readerWaiting && Volatile.Read(ref _queued) >= limit)
        {
            return false;
        }

        Enqueue(message.Message);
        return true;
    }

    /// <summary>
    /// True for a live message the caught-up history holds (same place, same bytes). The first
    /// one it does not hold ends the check: a restarted Redis numbers a channel from 1 again.
    /// </summary>
    private bool RepeatsHistory(SequencedMessage message)
    {
        foreach (var entry in _caughtUp!)
        {
            if (message.Sequence != 0 && entry.Sequence == message.Sequence
                && entry.Message.Payload.Span.SequenceEqual(message.Message.Payload.Span))
            {
                return true;
            }
        }

        _caughtUp = null;
        return false;
    }

    /// <summary>Holds live messages back until the shared history is in. Under the room's lock.</summary>
    internal void BeginCatchUp(SequencedMessage[] localHistory)
    {
        _localHistory = localHistory;
        _held = [];
    }

    /// <summary>
    /// Queues the history (the shared one, else the room's own), then the held live messages
    /// the shared history does not already hold (<see cref="RepeatsHistory"/>). Under the room's lock.
    /// </summary>
    internal void EndCatchUp(IReadOnlyList<SequencedMessage>? shared)
    {
        foreach (var message in shared ?? _localHistory ?? [])
        {
            Enqueue(message.Message);
        }

        // Held or still on its way, a live message the shared history holds goes out once.
        _caughtUp = shared is { Count: > 0 } ? shared : null;
        foreach (var message in _held ?? [])
        {
            if (_caughtUp is null || !RepeatsHistory(message))
            {
                Enqueue(message.Message);
            }
        }

        _localHistory = null;
        _held = null;
    }

    /// <summary>Queues a history message on join; history does not count against the limit then.</summary>
    internal void Enqueue(ChannelMessage message)
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
