using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Tremolo.Server.WebSockets.Compression;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// Turns client frames into messages and control events for one connection: fragments are
/// joined (control frames may come between them), text is UTF-8 checked as it arrives, pongs
/// are swallowed, and a close frame's code is checked. The message buffer is pooled and only
/// held while a message is in flight, so an idle connection owns no payload memory.
/// </summary>
public sealed class MessageAssembler : IDisposable
{
    private const int MinimumRent = 256;

    private readonly FrameReader _reader;
    private readonly MessageDeflater? _deflate;
    private bool _compressed;
    private byte[]? _control;
    private Utf8StreamValidator _utf8;
    private FrameHeader _frame;
    private bool _inFrame;
    private int _controlLength;
    private WebSocketOpcode _messageOpcode;
    private byte[]? _message;
    private int _messageLength;
    private bool _messageDelivered;

    /// <param name="maxPayloadSize">ws_max_payload_size, or the route's max_payload_size: the largest whole message, compressed or inflated.</param>
    /// <param name="deflate">The agreed permessage-deflate, or null.</param>
    public MessageAssembler(long maxPayloadSize, MessageDeflater? deflate = null)
    {
        // A message is assembled in one array.
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadSize, Array.MaxLength);
        _reader = new FrameReader(maxPayloadSize) { AcceptsCompressed = deflate is not null };
        _deflate = deflate;
    }

    public long MaxPayloadSize => _reader.MaxPayloadSize;

    /// <summary>
    /// Consumes what it can of <paramref name="input"/>; true with an event, false when more
    /// data is needed. After a <see cref="WebSocketEventKind.Failed"/> or
    /// <see cref="WebSocketEventKind.Close"/> event the connection is over: do not call again.
    /// </summary>
    public bool TryRead(ref ReadOnlySequence<byte> input, out WebSocketEvent message)
    {
        ReleaseDeliveredMessage();

        while (true)
        {
            if (!_inFrame)
            {
                switch (_reader.TryReadHeader(ref input, out _frame, out var failure))
                {
                    case FrameReadStatus.NeedMoreData:
                        message = default;
                        return false;
                    case FrameReadStatus.Failed:
                        message = Fail(failure.Code, failure.Reason);
                        return true;
                }

                _inFrame = true;
                StartFrame();
            }

            if (_reader.PayloadRemaining > 0)
            {
                var complete = ReadPayload(ref input, out var invalid);
                if (invalid is { } bad)
                {
                    message = Fail(bad.Code, bad.Reason);
                    return true;
                }

                if (!complete)
                {
                    message = default;
                    return false;
                }
            }

            _inFrame = false;
            if (CompleteFrame(out message))
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        if (_message is not null)
        {
            ArrayPool<byte>.Shared.Return(_message);
            _message = null;
        }
    }

    private void StartFrame()
    {
        if (_frame.IsControl)
        {
            // Most connections never get a control frame with a payload: allocate on first use.
            _controlLength = 0;
            _control ??= new byte[125];
            return;
        }

        if (_frame.Opcode != WebSocketOpcode.Continuation)
        {
            _messageOpcode = _frame.Opcode;
            _compressed = _frame.Compressed;
            _messageLength = 0;
            _utf8.Reset();
        }

        // The reader has checked the whole message against the limit, so this fits an int.
        EnsureCapacity(_messageLength + (int)_frame.PayloadLength);
    }

    /// <summary>True when the frame's payload is complete; <paramref name="failure"/> is set when the text is not UTF-8.</summary>
    private bool ReadPayload(ref ReadOnlySequence<byte> input, out WebSocketFailure? failure)
    {
        failure = null;
        if (_frame.IsControl)
        {
            _controlLength += _reader.ReadPayload(ref input, _control.AsSpan(_controlLength));
            return _reader.PayloadRemaining == 0;
        }

        var destination = _message.AsSpan(_messageLength, (int)_reader.PayloadRemaining);
        var count = _reader.ReadPayload(ref input, destination);
        if (_messageOpcode == WebSocketOpcode.Text && !_compressed && !_utf8.Append(destination[..count]))
        {
            failure = new(WebSocketCloseCode.InvalidPayload, "invalid UTF-8 in a text message");
            return false;
        }

        _messageLength += count;
        return _reader.PayloadRemaining == 0;
    }

    /// <summary>True when the finished frame yields an event.</summary>
    private bool CompleteFrame(out WebSocketEvent message)
    {
        message = default;
        switch (_frame.Opcode)
        {
            case WebSocketOpcode.Ping:
                message = new(WebSocketEventKind.Ping, _control.AsMemory(0, _controlLength), 0, "");
                return true;
            case WebSocketOpcode.Pong:
                return false;
            case WebSocketOpcode.Close:
                message = ReadClose(_control.AsSpan(0, _controlLength));
                return true;
        }

        if (!_frame.Fin)
        {
            return false;
        }

        if (_compressed && Inflate() is { } failed)
        {
            message = failed;
            return true;
        }

        if (_messageOpcode == WebSocketOpcode.Text && !(_compressed ? Utf8.IsValid(_message.AsSpan(0, _messageLength)) : _utf8.IsComplete))
        {
            message = Fail(WebSocketCloseCode.InvalidPayload, "text message ends inside a UTF-8 sequence");
            return true;
        }

        var kind = _messageOpcode == WebSocketOpcode.Text ? WebSocketEventKind.Text : WebSocketEventKind.Binary;
        message = new(kind, _message.AsMemory(0, _messageLength), 0, "");
        _messageDelivered = true;
        return true;
    }

    /// <summary>
    /// Replaces the compressed message with its inflated bytes (RFC 7692 section 7.2.2); the
    /// inflated size is held to the same limit while inflating, so it fails with 1009 before
    /// more than the limit is taken.
    /// </summary>
    private WebSocketEvent? Inflate()
    {
        var status = _deflate!.Inflate(_message.AsSpan(0, _messageLength), MaxPayloadSize, out var inflated, out var length);
        switch (status)
        {
            case InflateStatus.TooBig:
                return Fail(WebSocketCloseCode.MessageTooBig, $"inflated message exceeds maximum payload size ({MaxPayloadSize})");
            case InflateStatus.Corrupt:
                return Fail(WebSocketCloseCode.InvalidPayload, "invalid deflate data in a compressed message");
        }

        Dispose();
        _message = inflated;
        _messageLength = length;
        return null;
    }

    /// <summary>RFC 6455 section 5.5.1: no payload, or a 2-byte code that may be sent, then a UTF-8 reason.</summary>
    private static WebSocketEvent ReadClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            return new(WebSocketEventKind.Close, default, WebSocketCloseCode.NoStatus, "");
        }

        if (payload.Length == 1)
        {
            return Fail(WebSocketCloseCode.ProtocolError, "close frame with a 1-byte payload");
        }

        var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!WebSocketCloseCode.MayBeSentByPeer(code))
        {
            return Fail(WebSocketCloseCode.ProtocolError, $"close code {code} may not be sent");
        }

        return Utf8.IsValid(payload[2..])
            ? new(WebSocketEventKind.Close, default, code, "")
            : Fail(WebSocketCloseCode.InvalidPayload, "close reason is not UTF-8");
    }

    private static WebSocketEvent Fail(ushort code, string reason) => new(WebSocketEventKind.Failed, default, code, reason);

    private void EnsureCapacity(int needed)
    {
        if (needed == 0 || (_message is not null && _message.Length >= needed))
        {
            return;
        }

        // Grow geometrically for fragmented messages, but never past what the limit allows.
        var size = Math.Max(needed, (int)Math.Min(MaxPayloadSize, Math.Max(MinimumRent, (_message?.Length ?? 0) * 2L)));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        if (_message is not null)
        {
            _message.AsSpan(0, _messageLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_message);
        }

        _message = larger;
    }

    private void ReleaseDeliveredMessage()
    {
        if (_messageDelivered)
        {
            _messageDelivered = false;
            _messageLength = 0;
            Dispose();
        }
    }
}
