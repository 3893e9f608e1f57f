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

    // The shared history just queued: a live message Redis was still bringing here when it was
    // read is in it already and must not go out twice (at most once).
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
            if (IsSame(entry, message))
            {
                return true;
            }
        }

        _caughtUp = null;
        return false;
    }

    /// <summary>One message of the shared history: same place in it and same bytes (a local-only one, place 0, is never in it).</summary>
    private static bool IsSame(SequencedMessage a, SequencedMessage b) =>
        a.Sequence != 0 && a.Sequence == b.Sequence && a.Message.Payload.Span.SequenceEqual(b.Message.Payload.Span);

    /// <summary>Holds live messages back until the shared history is in. Under the room's lock.</summary>
    internal void BeginCatchUp(SequencedMessage[] localHistory)
    {
        _localHistory = localHistory;
        _held = [];
    }

    /// <summary>
    /// Queues the history (the shared one, else the room's own) and the live messages held
    /// meanwhile, each once, in the broker's order. Under the room's lock.
    /// </summary>
    /// <remarks>
    /// The shared history was read at some moment during the hold: it ends with what Redis had
    /// then. The messages it shares with the held ones are one run of it (both are in Redis's
    /// order, and this node got a prefix of it); what comes before that run is the history proper,
    /// what comes after it was still on its way here. Held messages before the run started fell
    /// out of the capped history, so the run is found from the held side, not from the history's start.
    /// </remarks>
    internal void EndCatchUp(IReadOnlyList<SequencedMessage>? shared)
    {
        var held = _held ?? [];
        IReadOnlyList<SequencedMessage> history = shared ?? _localHistory ?? [];
        var (first, last) = shared is null ? (-1, -1) : Overlap(shared, held);
        for (var i = 0; i < (first < 0 ? history.Count : first); i++)
        {
            Enqueue(history[i].Message);
        }

        foreach (var message in held)
        {
            Enqueue(message.Message);
        }

        for (var i = last + 1; first >= 0 && i < history.Count; i++)
        {
            Enqueue(history[i].Message);
        }

        // Queued from the history while still on its way here, a message goes out once.
        _caughtUp = shared is { Count: > 0 } ? shared : null;
        _localHistory = null;
        _held = null;
    }

    /// <summary>Where in <paramref name="shared"/> the held messages' run starts and ends; (-1, -1) when they share none.</summary>
    private static (int First, int Last) Overlap(IReadOnlyList<SequencedMessage> shared, List<SequencedMessage> held)
    {
        var (first, last) = (-1, -1);
        for (var i = 0; i < shared.Count; i++)
        {
            foreach (var message in held)
            {
                if (IsSame(shared[i], message))
                {
                    first = first < 0 ? i : first;
                    last = i;
                    break;
                }
            }
        }

        return (first, last);
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
