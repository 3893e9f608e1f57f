using System.Buffers.Text;
using System.Text;

namespace Tremolo.Server.Channels.Redis;

/// <summary>
/// A channel message as Redis holds it: "SEQ NODE ID K" then the payload, where the publish
/// script puts SEQ (the channel's number) in front of what the sender wrote; NODE and ID let
/// the sender's node recognise its own message; K is t (text, UTF-8) or b (binary), upper
/// case (T, B) for a transient message (kept in no history).
/// </summary>
internal readonly ref struct WireMessage
{
    private readonly ReadOnlySpan<byte> _node;

    private WireMessage(long sequence, ReadOnlySpan<byte> node, long id, byte kind, ReadOnlySpan<byte> payload)
    {
        Sequence = sequence;
        _node = node;
        Id = id;
        IsText = kind is (byte)'t' or (byte)'T';
        IsTransient = kind is (byte)'T' or (byte)'B';
        Payload = payload;
    }

    public long Sequence { get; }

    public long Id { get; }

    public bool IsText { get; }

    public bool IsTransient { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>What the sender hands the script: everything but SEQ.</summary>
    public static byte[] Encode(string node, long id, ChannelMessage message)
    {
        var kind = message.IsText ? 't' : 'b';
        var head = Encoding.ASCII.GetBytes($"{node} {id} {(message.IsTransient ? char.ToUpperInvariant(kind) : kind)}");
        var body = new byte[head.Length + message.Payload.Length];
        head.CopyTo(body, 0);
        message.Payload.Span.CopyTo(body.AsSpan(head.Length));
        return body;
    }

    public static bool TryParse(ReadOnlySpan<byte> wire, out WireMessage message)
    {
        message = default;
        if (!TryNumber(ref wire, out var sequence) || wire.IndexOf((byte)' ') is not (> 0 and var end))
        {
            return false;
        }

        var node = wire[..end];
        wire = wire[(end + 1)..];
        if (!TryNumber(ref wire, out var id) || wire.IsEmpty || wire[0] is not ((byte)'t' or (byte)'b' or (byte)'T' or (byte)'B'))
        {
            return false;
        }

        message = new WireMessage(sequence, node, id, wire[0], wire[1..]);
        return true;
    }

    public bool IsFrom(string node) => Encoding.ASCII.GetByteCount(node) == _node.Length && Ascii.Equals(_node, node);

    public ChannelMessage ToMessage() =>
        IsText ? ChannelMessage.FromUtf8(Payload, IsTransient) : ChannelMessage.FromBinary(Payload, IsTransient);

    private static bool TryNumber(ref ReadOnlySpan<byte> wire, out long number)
    {
        if (!Utf8Parser.TryParse(wire, out number, out var used) || used >= wire.Length || wire[used] != (byte)' ')
        {
            return false;
        }

        wire = wire[(used + 1)..];
        return true;
    }
}
