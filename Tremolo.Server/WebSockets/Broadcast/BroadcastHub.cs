using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tremolo.Server.WebSockets.Broadcast;

/// <summary>
/// Named channels shared by WebSocket broadcast and SSE: a channel exists from its first join
/// until its last member leaves. Joining and leaving take the hub's lock (then the channel's);
/// publishing takes only the channel's.
/// </summary>
/// <param name="maxQueueSize">max_queue_size: messages a member may have waiting before it is dropped.</param>
public sealed class BroadcastHub(int maxQueueSize)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, BroadcastChannel> _channels = new(StringComparer.Ordinal);

    public int ChannelCount => _channels.Count;

    /// <summary>
    /// Joins (creating) a channel. The member first receives up to <paramref name="history"/>
    /// earlier messages, then every message published after. <paramref name="onDropped"/> runs
    /// once, on a publisher's thread, if the member falls <c>max_queue_size</c> messages behind;
    /// it must be quick and must not throw (abort the connection's socket, say).
    /// </summary>
    public ChannelMember Join(string channelName, int history = 0, Action<ChannelMember>? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(history);
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelName, out var channel))
            {
                channel = new BroadcastChannel(this, channelName, maxQueueSize);
                _channels[channelName] = channel;
            }

            var member = new ChannelMember(this, channel, onDropped);
            channel.Add(member, history);
            return member;
        }
    }

    /// <summary>Publishes on a channel by name; a channel nobody has joined gets nothing. Returns how many members got it.</summary>
    public int Publish(string channelName, BroadcastMessage message) =>
        _channels.TryGetValue(channelName, out var channel) ? channel.Publish(message) : 0;

    public bool TryGetChannel(string channelName, [NotNullWhen(true)] out BroadcastChannel? channel) =>
        _channels.TryGetValue(channelName, out channel);

    internal void Leave(ChannelMember member)
    {
        lock (_gate)
        {
            member.Channel.Remove(member);
            RemoveIfEmptyLocked(member.Channel);
        }

        member.End(dropped: false);
    }

    internal void RemoveIfEmpty(BroadcastChannel channel)
    {
        lock (_gate)
        {
            RemoveIfEmptyLocked(channel);
        }
    }

    private void RemoveIfEmptyLocked(BroadcastChannel channel)
    {
        if (channel.TryClose())
        {
            _channels.TryRemove(KeyValuePair.Create(channel.Name, channel));
        }
    }
}
