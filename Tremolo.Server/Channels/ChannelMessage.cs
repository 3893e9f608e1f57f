using System.Text;

namespace Tremolo.Server.Channels;

/// <summary>
/// An immutable message published on a channel: the payload (UTF-8 for text), plus its wire
/// forms (a WebSocket frame, an SSE event, ...), each made on first use by the protocol that
/// needs it and then shared by all receivers. The channel layer knows none of those protocols.
/// </summary>
public sealed class ChannelMessage
{
    private readonly Lock _encodeLock = new();
    private string? _text;
    private Encoded? _encoded;

    private ChannelMessage(bool isText, byte[] payload, string? text, bool transient)
    {
        IsText = isText;
        Payload = payload;
        _text = text;
        IsTransient = transient;
    }

    public bool IsText { get; }

    /// <summary>Delivered live but kept in no history (a join or leave notice: stale to a later joiner).</summary>
    public bool IsTransient { get; }

    /// <summary>The message bytes: UTF-8 for a text message.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The text of a text message (decoded on demand when it was published as UTF-8).</summary>
    public string Text => IsText
        ? _text ??= Encoding.UTF8.GetString(Payload.Span)
        : throw new InvalidOperationException("A binary message has no text.");

    public static ChannelMessage FromText(string text, bool transient = false) => new(true, Encoding.UTF8.GetBytes(text), text, transient);

    /// <summary>A text message from UTF-8 the caller has already validated (a received text message).</summary>
    public static ChannelMessage FromUtf8(ReadOnlySpan<byte> utf8, bool transient = false) => new(true, utf8.ToArray(), null, transient);

    public static ChannelMessage FromBinary(ReadOnlySpan<byte> payload, bool transient = false) => new(false, payload.ToArray(), null, transient);

    /// <summary>The bytes of this message in the given wire form, encoded once however many ask.</summary>
    public ReadOnlyMemory<byte> GetEncoded(MessageEncoding encoding)
    {
        if (Find(Volatile.Read(ref _encoded), encoding) is { } cached)
        {
            return cached;
        }

        lock (_encodeLock)
        {
            if (Find(_encoded, encoding) is { } raced)
            {
                return raced;
            }

            var bytes = encoding.Encode(this);
            Volatile.Write(ref _encoded, new Encoded(encoding, bytes, _encoded));
            return bytes;
        }
    }

    private static byte[]? Find(Encoded? node, MessageEncoding encoding)
    {
        for (; node is not null; node = node.Next)
        {
            if (ReferenceEquals(node.Encoding, encoding))
            {
                return node.Bytes;
            }
        }

        return null;
    }

    /// <summary>An immutable list node: few encodings per message, so a list beats a dictionary.</summary>
    private sealed record Encoded(MessageEncoding Encoding, byte[] Bytes, Encoded? Next);
}
