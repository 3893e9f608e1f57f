using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// Server frames (never masked, RFC 6455 section 5.1) with the shortest length form:
/// 7-bit below 126, 16-bit below 65536, else 64-bit, as Tremolo's create_frame.
/// </summary>
public static class FrameWriter
{
    public const int MaxHeaderLength = 10;

    public static int HeaderLength(long payloadLength) => payloadLength switch
    {
        < 126 => 2,
        < 65536 => 4,
        _ => 10,
    };

    /// <summary>Writes a frame header into <paramref name="destination"/>; returns its length.</summary>
    /// <param name="compressed">RSV1: the first frame of a permessage-deflate message (RFC 7692 section 6).</param>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, long payloadLength, bool fin = true, bool compressed = false)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (compressed ? 0x40 : 0) | (int)opcode);
        switch (HeaderLength(payloadLength))
        {
            case 2:
                destination[1] = (byte)payloadLength;
                return 2;
            case 4:
                destination[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
                return 4;
            default:
                destination[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
                return 10;
        }
    }

    public static void WriteFrame(IBufferWriter<byte> writer, WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true, bool compressed = false)
    {
        var headerLength = HeaderLength(payload.Length);
        var span = writer.GetSpan(headerLength + payload.Length);
        WriteHeader(span, opcode, payload.Length, fin, compressed);
        payload.CopyTo(span[headerLength..]);
        writer.Advance(headerLength + payload.Length);
    }

    /// <summary>A text frame, encoding the UTF-8 straight into the writer.</summary>
    public static void WriteText(IBufferWriter<byte> writer, ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var headerLength = HeaderLength(length);
        var span = writer.GetSpan(headerLength + length);
        WriteHeader(span, WebSocketOpcode.Text, length);
        Encoding.UTF8.GetBytes(text, span[headerLength..]);
        writer.Advance(headerLength + length);
    }

    public static void WriteBinary(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload) =>
        WriteFrame(writer, WebSocketOpcode.Binary, payload);

    public static void WritePing(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload = default) =>
        WriteFrame(writer, WebSocketOpcode.Ping, payload);

    public static void WritePong(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload) =>
        WriteFrame(writer, WebSocketOpcode.Pong, payload);

    /// <summary>A close frame carrying only the status code, as Tremolo sends it.</summary>
    public static void WriteClose(IBufferWriter<byte> writer, ushort code)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        WriteFrame(writer, WebSocketOpcode.Close, payload);
    }

    /// <summary>One whole frame as an array, for bytes encoded once and shared (broadcast).</summary>
    public static byte[] Encode(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool compressed = false)
    {
        var frame = new byte[HeaderLength(payload.Length) + payload.Length];
        var headerLength = WriteHeader(frame, opcode, payload.Length, compressed: compressed);
        payload.CopyTo(frame.AsSpan(headerLength));
        return frame;
    }
}
