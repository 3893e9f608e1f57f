using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tremolo.Server.Channels;

/// <summary>
/// Named channels shared by WebSocket broadcast and SSE alike: a channel's room exists here
/// from its first local join until its last local member leaves, or, when it keeps a history
/// (`history_ttl`), until that long after it emptied and went quiet. In-process (no broker), a
/// publish reaches the room at once; with a broker it goes out and every node, this one
/// included, delivers it when it comes back, so all see one order. Joining and leaving take
/// the hub's lock (then the room's); delivering takes only the room's.
/// </summary>
public sealed class ChannelHub : IBrokerSink
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ChannelRoom> _rooms = new(StringComparer.Ordinal);
    private readonly int _maxQueueSize;
    private readonly IChannelBroker? _broker;
    private readonly TimeProvider _time;

    /// <param name="maxQueueSize">max_queue_size: messages a member may have waiting before it is dropped.</param>
    /// <param name="broker">carries the channels to other processes; null keeps them in this one.</param>
    /// <param name="time">the clock of history_ttl.</param>
    public ChannelHub(int maxQueueSize, IChannelBroker? broker = null, TimeProvider? time = null)
    {
        _maxQueueSize = maxQueueSize;
        _broker = broker;
        _time = time ?? TimeProvider.System;
        broker?.Attach(this);
    }

    /// <summary>Channels with a member here, or keeping their history for a while after the last one left.</summary>
    public int ChannelCount => _rooms.Count;

    /// <summary>
    /// Joins (creating) a channel. The member first receives up to <paramref name="history"/>
    /// earlier messages, then every message published after. <paramref name="onDropped"/> runs
    /// once, on a delivering thread, if the member falls <c>max_queue_size</c> messages behind;
    /// it must be quick and must not throw (abort the connection's socket, say). A
    /// <paramref name="present"/> member counts in <see cref="Members"/>. The room keeps its
    /// history for <paramref name="historyTtl"/> after its last member left (the longest any joiner asked).
    /// </summary>
    public ChannelMember Join(string channelName, int history = 0, Action<ChannelMember>? onDropped = null, bool present = false, TimeSpan historyTtl = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(history);
        var shared = history > 0 && _broker is { IsUp: true };
        ChannelMember member;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(channelName, out var room))
            {
                room = new ChannelRoom(this, channelName, _maxQueueSize, _time);
                _rooms[channelName] = room;
            }

            member = new ChannelMember(this, room, onDropped, present);
            room.Add(member, history, historyTtl, catchUp: shared);
        }

        if (present)
        {
            PresenceChanged(member.Room);
        }

        if (shared)
        {
            // On the pool: the joining thread may be a socket engine thread, which never talks to the broker.
            _ = Task.Run(() => CatchUpAsync(member, history));
        }

        return member;
    }

    /// <summary>
    /// Publishes on a channel by name. In-process a channel with no room here gets nothing and
    /// the answer is how many members got it; through a broker the message reaches every node
    /// and the answer is how many members here will get it.
    /// </summary>
    public int Publish(string channelName, ChannelMessage message)
    {
        if (_broker is { } broker && broker.TryPublish(channelName, message))
        {
            return _rooms.TryGetValue(channelName, out var here) ? here.MemberCount : 0;
        }

        return _rooms.TryGetValue(channelName, out var room) ? room.Deliver(new SequencedMessage(0, message)) : 0;
    }

    /// <summary>Members of the channel on this node.</summary>
    public int MemberCount(string channelName) => _rooms.TryGetValue(channelName, out var room) ? room.MemberCount : 0;

    /// <summary>
    /// The channel's present members (templates' `members`): exact on this node, plus, with a
    /// broker, the other nodes' as last heard. Never waits.
    /// </summary>
    public int Members(string channelName) => ((IBrokerSink)this).MembersHere(channelName) + (_broker?.MembersElsewhere(channelName) ?? 0);

    /// <summary>Completes once <see cref="Members"/> counts the other nodes too (at once without a broker).</summary>
    public Task MembersKnownAsync(string channelName) => _broker?.MembersKnownAsync(channelName) ?? Task.CompletedTask;

    public bool TryGetRoom(string channelName, [NotNullWhen(true)] out ChannelRoom? room) =>
        _rooms.TryGetValue(channelName, out room);

    int IBrokerSink.MembersHere(string channel) => _rooms.TryGetValue(channel, out var room) ? room.PresentCount : 0;

    void IBrokerSink.Deliver(string channel, SequencedMessage message)
    {
        if (_rooms.TryGetValue(channel, out var room))
        {
            room.Deliver(message);
        }
    }

    IReadOnlyList<string> IBrokerSink.ChannelsWithHistory() =>
        [.. _rooms.Values.Where(room => room.KeepsHistory && room.MemberCount > 0).Select(room => room.Name)];

    internal void Leave(ChannelMember member)
    {
        bool wasPresent;
        lock (_gate)
        {
            wasPresent = member.Room.Remove(member);
            RemoveIfEmptyLocked(member.Room);
        }

        member.End(dropped: false);
        if (wasPresent)
        {
            PresenceChanged(member.Room);
        }
    }

    /// <summary>A present member arrived in or left the room: the broker tells the other nodes.</summary>
    internal void PresenceChanged(ChannelRoom room) => _broker?.MembersChanged(room.Name);

    internal void RemoveIfEmpty(ChannelRoom room)
    {
        lock (_gate)
        {
            RemoveIfEmptyLocked(room);
        }
    }

    /// <summary>The room's history_ttl ran out: it goes unless a member came back or a message kept it.</summary>
    internal void Expire(ChannelRoom room)
    {
        lock (_gate)
        {
            if (room.TryExpire())
            {
                _rooms.TryRemove(KeyValuePair.Create(room.Name, room));
            }
        }
    }

    /// <summary>Fetches the shared history off the joining thread; the room's own is the fallback while the broker is away.</summary>
    private async Task CatchUpAsync(ChannelMember member, int history)
    {
        IReadOnlyList<SequencedMessage>? shared;
        try
        {
            shared = await _broker!.ReadHistoryAsync(member.Room.Name, history).ConfigureAwait(false);
        }
        catch (Exception)
        {
            shared = null;
        }

        member.Room.FinishCatchUp(member, shared);
    }

    private void RemoveIfEmptyLocked(ChannelRoom room)
    {
        if (room.TryClose())
        {
            _rooms.TryRemove(KeyValuePair.Create(room.Name, room));
        }
    }
}
