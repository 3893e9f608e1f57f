namespace Tremolo.Server.WebSockets.Broadcast;

/// <summary>
/// A named channel: its members and, when asked for, its recent history. Publishing happens
/// under the channel's lock, so every member queues the messages in one same order; queuing
/// never waits, and a member whose queue is full is dropped instead of slowing the rest.
/// </summary>
public sealed class BroadcastChannel
{
    private readonly Lock _gate = new();
    private readonly List<ChannelMember> _members = [];
    private readonly Queue<BroadcastMessage> _history = new();
    private readonly BroadcastHub _hub;
    private readonly int _maxQueueSize;
    private int _historyLimit;
    private bool _closed;

    internal BroadcastChannel(BroadcastHub hub, string name, int maxQueueSize)
    {
        _hub = hub;
        Name = name;
        _maxQueueSize = maxQueueSize;
    }

    public string Name { get; }

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

    /// <summary>Sends the message to every member, in the channel's order; returns how many members got it.</summary>
    public int Publish(BroadcastMessage message)
    {
        List<ChannelMember>? dropped = null;
        int delivered;
        lock (_gate)
        {
            if (_closed)
            {
                return 0;
            }

            Remember(message);
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
                }
            }

            _members.RemoveRange(delivered, _members.Count - delivered);
        }

        if (dropped is not null)
        {
            // Outside the lock: the callbacks belong to other connections.
            foreach (var member in dropped)
            {
                member.End(dropped: true);
            }

            _hub.RemoveIfEmpty(this);
        }

        return delivered;
    }

    /// <summary>Adds a member after queuing it the last <paramref name="history"/> messages. Under the hub's lock.</summary>
    internal void Add(ChannelMember member, int history)
    {
        lock (_gate)
        {
            _historyLimit = Math.Max(_historyLimit, history);
            foreach (var message in _history.Skip(Math.Max(0, _history.Count - history)))
            {
                member.Enqueue(message);
            }

            _members.Add(member);
        }
    }

    internal void Remove(ChannelMember member)
    {
        lock (_gate)
        {
            _members.Remove(member);
        }
    }

    /// <summary>Closes the channel if nobody is left; a closed channel takes no members and no messages. Under the hub's lock.</summary>
    internal bool TryClose()
    {
        lock (_gate)
        {
            _closed |= _members.Count == 0;
            return _closed;
        }
    }

    private void Remember(BroadcastMessage message)
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
