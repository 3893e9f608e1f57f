using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// Incremental reader of client frames. Each header is validated as soon as its bytes are
/// there (a too-long declared length fails before any payload is read), and the payload is
/// unmasked piece by piece into a destination the caller chooses, so the input buffer never
/// has to hold a whole frame.
/// </summary>
/// <remarks>
/// Check order follows Tremolo's lib/websocket.py where it has one (fragmentation state, then
/// size, then opcode); the RFC rules it lacks (reserved bits, mask bit, control-frame limits)
/// come first because Tremolo has no answer for them to keep.
/// </remarks>
public sealed class FrameReader(long maxPayloadSize)
{
    private const int MaxHeaderLength = 14;
    private const int MaxControlPayload = 125;

    private bool _inFragmentedMessage;
    private long _messageLength;
    private FrameHeader _frame;
    private long _payloadRead;

    public long MaxPayloadSize { get; } = maxPayloadSize;

    /// <summary>permessage-deflate was agreed: RSV1 may mark a message's first frame.</summary>
    public bool AcceptsCompressed { get; set; }

    /// <summary>Payload bytes of the current frame still to be read by <see cref="ReadPayload"/>.</summary>
    public long PayloadRemaining => _frame.PayloadLength - _payloadRead;

    /// <summary>Reads and validates the next header; on <see cref="FrameReadStatus.Header"/> input is advanced past it.</summary>
    public FrameReadStatus TryReadHeader(ref ReadOnlySequence<byte> input, out FrameHeader header, out WebSocketFailure failure)
    {
        header = default;
        failure = default;
        if (PayloadRemaining > 0)
        {
            throw new InvalidOperationException("The previous frame's payload has not been read.");
        }

        if (input.Length < 2)
        {
            return FrameReadStatus.NeedMoreData;
        }

        var available = (int)Math.Min(input.Length, MaxHeaderLength);
        Span<byte> scratch = stackalloc byte[MaxHeaderLength];
        ReadOnlySpan<byte> head = input.FirstSpan.Length >= available ? input.FirstSpan[..available] : CopyHead(input, scratch[..available]);

        var fin = (head[0] & 0x80) != 0;
        var opcode = (WebSocketOpcode)(head[0] & 0x0F);
        var masked = (head[1] & 0x80) != 0;
        var shortLength = head[1] & 0x7F;

        if (!TryValidateStart(head[0], fin, opcode, masked, shortLength, out failure))
        {
            return FrameReadStatus.Failed;
        }

        var lengthBytes = shortLength switch { 126 => 2, 127 => 8, _ => 0 };
        if (available < 2 + lengthBytes)
        {
            return FrameReadStatus.NeedMoreData;
        }

        long length = lengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(head[2..]),
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(head[2..]),
            _ => shortLength,
        };

        if (length < 0)
        {
            failure = new(WebSocketCloseCode.ProtocolError, "64-bit payload length with the most significant bit set");
            return FrameReadStatus.Failed;
        }

        // Past validation the opcode is a data or a control one; control frames (at most 125
        // bytes, checked above) do not count towards the message.
        var isControl = opcode >= WebSocketOpcode.Close;
        var messageLength = opcode == WebSocketOpcode.Continuation ? _messageLength + length : length;
        if (!isControl && messageLength > MaxPayloadSize)
        {
            failure = new(WebSocketCloseCode.MessageTooBig, $"{messageLength} exceeds maximum payload size ({MaxPayloadSize})");
            return FrameReadStatus.Failed;
        }

        var headerLength = 2 + lengthBytes + 4;
        if (available < headerLength)
        {
            return FrameReadStatus.NeedMoreData;
        }

        header = new FrameHeader(fin, opcode, length, MemoryMarshal.Read<uint>(head[(2 + lengthBytes)..]), (head[0] & 0x40) != 0);
        if (!isControl)
        {
            _messageLength = messageLength;
            _inFragmentedMessage = !fin;
        }

        _frame = header;
        _payloadRead = 0;
        input = input.Slice(headerLength);
        return FrameReadStatus.Header;
    }

    /// <summary>
    /// Unmasks as much of the current payload as <paramref name="input"/> holds (at most
    /// <paramref name="destination"/>'s length) into <paramref name="destination"/>; returns the count.
    /// </summary>
    public int ReadPayload(ref ReadOnlySequence<byte> input, Span<byte> destination)
    {
        var count = (int)Math.Min(Math.Min(PayloadRemaining, input.Length), destination.Length);
        var written = 0;
        foreach (var segment in input.Slice(0, count))
        {
            WebSocketMask.Apply(segment.Span, destination[written..], _frame.MaskKey, (int)(_payloadRead & 3));
            written += segment.Length;
            _payloadRead += segment.Length;
        }

        input = input.Slice(count);
        return count;
    }

    private bool TryValidateStart(byte first, bool fin, WebSocketOpcode opcode, bool masked, int shortLength, out WebSocketFailure failure)
    {
        failure = default;
        var rsv1 = (first & 0x40) != 0;
        if ((first & 0x30) != 0 || (rsv1 && !AcceptsCompressed))
        {
            failure = new(WebSocketCloseCode.ProtocolError, "reserved bits set without a negotiated extension");
        }
        else if (rsv1 && opcode is not (WebSocketOpcode.Text or WebSocketOpcode.Binary))
        {
            // RFC 7692 section 6: RSV1 only on a data message's first frame, never on a control frame or continuation.
            failure = new(WebSocketCloseCode.ProtocolError, "RSV1 set on a control frame or a continuation");
        }
        else if (!masked)
        {
            failure = new(WebSocketCloseCode.ProtocolError, "client frame is not masked");
        }
        else if (opcode is WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong)
        {
            // RFC 6455 section 5.4/5.5: control frames may come between fragments, never fragmented, at most 125 bytes.
            if (!fin)
            {
                failure = new(WebSocketCloseCode.ProtocolError, "fragmented control frame");
            }
            else if (shortLength > MaxControlPayload)
            {
                failure = new(WebSocketCloseCode.ProtocolError, "control frame payload longer than 125 bytes");
            }
        }
        else if (opcode == WebSocketOpcode.Continuation)
        {
            if (!_inFragmentedMessage)
            {
                failure = new(WebSocketCloseCode.ProtocolError, "unexpected continuation");
            }
        }
        else if (_inFragmentedMessage)
        {
            failure = new(WebSocketCloseCode.ProtocolError, "unexpected start");
        }
        else if (opcode is not (WebSocketOpcode.Text or WebSocketOpcode.Binary))
        {
            failure = new(WebSocketCloseCode.PolicyViolation, $"unsupported opcode {(int)opcode:x}");
        }

        return failure.Code == 0;
    }

    private static ReadOnlySpan<byte> CopyHead(ReadOnlySequence<byte> input, Span<byte> scratch)
    {
        input.Slice(0, scratch.Length).CopyTo(scratch);
        return scratch;
    }
}
