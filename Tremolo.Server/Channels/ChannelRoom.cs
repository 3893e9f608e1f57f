namespace Tremolo.Server.Channels;

/// <summary>
/// One channel's members on this node and, when asked for, its recent history here. Delivery
/// happens under the room's lock, so every member queues the messages in one same order;
/// queuing never waits, and a member whose queue is full is dropped instead of slowing the rest.
/// Emptied, a room with a history stays (taking messages into it) until history_ttl has passed
/// since it emptied or since its last message, whichever is later; then it closes.
/// </summary>
public sealed class ChannelRoom
{
    private readonly Lock _gate = new();
    private readonly List<ChannelMember> _members = [];
    private readonly Queue<SequencedMessage> _history = new();
    private readonly ChannelHub _hub;
    private readonly int _maxQueueSize;
    private readonly TimeProvider _time;
    private int _historyLimit;
    private int _present;
    private TimeSpan _historyTtl;
    private ITimer? _expiry;
    private long _quietSince;
    private bool _closed;

    internal ChannelRoom(ChannelHub hub, string name, int maxQueueSize, TimeProvider time)
    {
        _hub = hub;
        Name = name;
        _maxQueueSize = maxQueueSize;
        _time = time;
    }

    public string Name { get; }

    /// <summary>max_queue_size: messages a member may have waiting before it is dropped.</summary>
    public int MaxQueueSize => _maxQueueSize;

    /// <summary>The members here that count in `members` (see <see cref="ChannelMember.IsPresent"/>).</summary>
    public int PresentCount => Volatile.Read(ref _present);

    /// <summary>True once a joiner asked for a history.</summary>
    public bool KeepsHistory => Volatile.Read(ref _historyLimit) > 0;

    public int MemberCount
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Queues the message for every member, in the room's order; returns how many members got it.</summary>
    internal int Deliver(SequencedMessage message)
    {
        List<ChannelMember>? dropped = null;
        var presentLeft = 0;
        int delivered;
        lock (_gate)
        {
            if (_closed)
            {
                return 0;
            }

            if (!message.Message.IsTransient)
            {
                Remember(message);
                if (_expiry is not null)
                {
                    // A message into an emptied room (a publish) keeps its history that much longer.
                    _quietSince = _time.GetTimestamp();
                }
            }

            delivered = 0;
            for (var i = 0; i < _members.Count; i++)
            {
                var member = _members[i];
                if (member.TryEnqueue(message, _maxQueueSize))
                {
                    _members[delivered++] = member;
                }
                else
                {
                    (dropped ??= []).Add(member);
                    presentLeft += member.IsPresent ? 1 : 0;
                }
            }

            _members.RemoveRange(delivered, _members.Count - delivered);
            _present -= presentLeft;
        }

        if (dropped is not null)
        {
            // Outside the lock: the callbacks belong to other connections.
            foreach (var member in dropped)
            {
                member.End(dropped: true);
            }

            _hub.RemoveIfEmpty(this);
            if (presentLeft > 0)
            {
                _hub.PresenceChanged(this);
            }
        }

        return delivered;
    }

    /// <summary>
    /// Adds a member. It gets the last <paramref name="history"/> messages first: from here at
    /// once, or, when <paramref name="catchUp"/>, from the broker's shared history once
    /// <see cref="FinishCatchUp"/> runs (live messages wait in the member meanwhile). Under the hub's lock.
    /// </summary>
    internal void Add(ChannelMember member, int history, TimeSpan historyTtl, bool catchUp)
    {
        lock (_gate)
        {
            _historyLimit = Math.Max(_historyLimit, history);
            _historyTtl = historyTtl > _historyTtl ? historyTtl : _historyTtl;
            _expiry?.Dispose();
            _expiry = null;
            var recent = _history.Skip(Math.Max(0, _history.Count - history));
            if (catchUp)
            {
                member.BeginCatchUp([.. recent]);
            }
            else
            {
                foreach (var message in recent)
                {
                    member.Enqueue(message.Message);
                }
            }

            _members.Add(member);
            _present += member.IsPresent ? 1 : 0;
        }
    }

    /// <summary>
    /// Queues the joiner its history (<paramref name="shared"/>, or this room's own when the
    /// broker could not answer), then the live messages that came meanwhile and are not in it.
    /// </summary>
    internal void FinishCatchUp(ChannelMember member, IReadOnlyList<SequencedMessage>? shared)
    {
        lock (_gate)
        {
            if (_members.Contains(member))
            {
                member.EndCatchUp(shared);
            }
        }
    }

    /// <summary>Removes a member; true when it was a present one still here (not dropped before).</summary>
    internal bool Remove(ChannelMember member)
    {
        lock (_gate)
        {
            if (!_members.Remove(member) || !member.IsPresent)
            {
                return false;
            }

            _present--;
            return true;
        }
    }

    /// <summary>
    /// Closes the room if nobody is left and it has no history to keep (else starts its
    /// history_ttl); a closed room takes no members and no messages. Under the hub's lock.
    /// </summary>
    internal bool TryClose()
    {
        lock (_gate)
        {
            if (_closed || _members.Count > 0)
            {
                return _closed;
            }

            if (_historyTtl > TimeSpan.Zero && _history.Count > 0)
            {
                _quietSince = _time.GetTimestamp();
                _expiry ??= _time.CreateTimer(static room => ((ChannelRoom)room!)._hub.Expire((ChannelRoom)room!), this, _historyTtl, Timeout.InfiniteTimeSpan);
                return false;
            }

            _closed = true;
            return true;
        }
    }

    /// <summary>
    /// Closes an emptied room whose history_ttl has passed since it went quiet; a room that
    /// took a message meanwhile waits the rest of it. Under the hub's lock.
    /// </summary>
    internal bool TryExpire()
    {
        lock (_gate)
        {
            if (_closed || _members.Count > 0 || _expiry is not { } expiry)
            {
                return false;
            }

            var left = _historyTtl - _time.GetElapsedTime(_quietSince);
            if (left > TimeSpan.Zero)
            {
                expiry.Change(left, Timeout.InfiniteTimeSpan);
                return false;
            }

            expiry.Dispose();
            _expiry = null;
            _history.Clear();
            _closed = true;
            return true;
        }
    }

    private void Remember(SequencedMessage message)
    {
        if (_historyLimit == 0)
        {
            return;
        }

        _history.Enqueue(message);
        while (_history.Count > _historyLimit)
        {
            _history.Dequeue();
        }
    }
}
