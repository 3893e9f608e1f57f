namespace Tremolo.Server.Channels;

/// <summary>
/// What carries a hub's channels to other processes (Redis, say); absent, channels live in one
/// process. A broker never makes its caller wait: publishing only hands the message over, and
/// every message, the sender's own included, comes back through the sink in the broker's one
/// order, on the broker's thread.
/// </summary>
public interface IChannelBroker : IAsyncDisposable
{
    /// <summary>Connected and subscribed: messages published now reach every node.</summary>
    bool IsUp { get; }

    /// <summary>Called once by the hub: where the broker delivers each message it carries.</summary>
    void Attach(IBrokerSink sink);

    /// <summary>Hands the message to the broker; false when it cannot take it now (then the hub delivers here only).</summary>
    bool TryPublish(string channel, ChannelMessage message);

    /// <summary>The last <paramref name="count"/> messages of the channel's shared history, oldest first.</summary>
    Task<IReadOnlyList<SequencedMessage>> ReadHistoryAsync(string channel, int count);

    /// <summary>This node's present members of the channel changed: the broker tells the other nodes. Never waits.</summary>
    void MembersChanged(string channel);

    /// <summary>The channel's present members on the other nodes, as last heard. Never waits.</summary>
    int MembersElsewhere(string channel);

    /// <summary>Completes once the other nodes' members of a channel this node has members in are known (or cannot be).</summary>
    Task MembersKnownAsync(string channel);
}

/// <summary>The hub's side of a broker.</summary>
public interface IBrokerSink
{
    /// <summary>A message in the broker's order; a <paramref name="message"/> with sequence 0 is not in the shared history.</summary>
    void Deliver(string channel, SequencedMessage message);

    /// <summary>The channel's present members on this node now.</summary>
    int MembersHere(string channel);

    /// <summary>The channels with a member here that keep a history: the broker keeps their shared one alive.</summary>
    IReadOnlyList<string> ChannelsWithHistory();
}

/// <summary>A message and its place in its channel's shared history (0: none).</summary>
public readonly record struct SequencedMessage(long Sequence, ChannelMessage Message);
