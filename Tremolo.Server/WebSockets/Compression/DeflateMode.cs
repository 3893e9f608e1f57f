namespace Tremolo.Server.WebSockets.Compression;

/// <summary>Whether and how permessage-deflate (RFC 7692) is offered on an endpoint.</summary>
public enum DeflateMode
{
    Off,

    /// <summary>Asks for server_no_context_takeover and compresses with a per-thread compressor: an idle socket holds no deflate state.</summary>
    Shared,

    /// <summary>A compression context per connection, kept across messages: better ratio, more memory.</summary>
    Dedicated,
}
