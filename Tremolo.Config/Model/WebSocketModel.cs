using Tremolo.Templates;

namespace Tremolo.Config.Model;

public enum WebSocketMode
{
    Echo,
    Broadcast,
}

/// <summary>permessage-deflate (RFC 7692) on an endpoint.</summary>
public enum WebSocketCompression
{
    Off,
    /// <summary>Asks for server_no_context_takeover and compresses with a per-thread compressor: an idle socket holds no deflate state.</summary>
    Shared,
    /// <summary>A compression context per connection, kept across messages: better ratio, more memory.</summary>
    Dedicated,
}

/// <summary>A no-code WebSocket endpoint.</summary>
/// <param name="Compression">The route's `compression`, or null for the server's ws_compression.</param>
/// <param name="Origins">The browser Origins allowed to upgrade, or null for any.</param>
/// <param name="MaxMessagesPerSecond">A client sending more messages in a second is closed with 1008; null for no limit.</param>
/// <param name="Join">Broadcast: sent to the channel when a member arrives (after its greeting).</param>
/// <param name="Leave">Broadcast: sent to the channel when a member leaves, whatever the cause.</param>
public sealed record WebSocketModel(
    WebSocketMode Mode,
    CompiledTemplate Format,
    CompiledTemplate? Channel,
    CompiledTemplate? Greeting,
    int History,
    long? MaxPayloadSize,
    SourceLocation Location,
    WebSocketCompression? Compression = null,
    IReadOnlyList<OriginPattern>? Origins = null,
    int? MaxMessagesPerSecond = null,
    CompiledTemplate? Join = null,
    CompiledTemplate? Leave = null)
{
    public const int DefaultHistoryTtl = 300;

    /// <summary>Seconds a broadcast channel's history outlives its last member (0: dropped with it).</summary>
    public int HistoryTtl { get; init; } = DefaultHistoryTtl;
}
