using System.Buffers.Binary;
using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// The suite's one WebSocket frame codec (RFC 6455 5.2), written apart from the server's: encodes
/// client frames (masked, any FIN/RSV/opcode, even a length it does not send) and decodes the
/// frames a server sent.
/// </summary>
public static class WsCodec
{
    /// <summary>The parity harness's default mask key (ws_send), so encoded frames are reproducible.</summary>
    public static readonly byte[] FixedMaskKey = [0x37, 0xFA, 0x21, 0x3D];

    /// <summary>
    /// One frame: header in the shortest length form for <paramref name="length"/> (the payload's
    /// own by default), then the payload, masked with <paramref name="maskKey"/> (the fixed key by
    /// default) unless <paramref name="mask"/> is false. <paramref name="rsv"/> is RSV1..3 as 4|2|1.
    /// </summary>
    public static byte[] Encode(
        WsOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true, int rsv = 0, bool mask = true, byte[]? maskKey = null, long? length = null)
    {
        var declared = length ?? payload.Length;
        if (declared < 0)
            throw new ArgumentOutOfRangeException(nameof(length), $"negative frame length {declared}");
        var lengthBytes = declared < 126 ? 0 : declared < 65536 ? 2 : 8;
        var keyBytes = mask ? 4 : 0;
        var frame = new byte[2 + lengthBytes + keyBytes + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | ((int)opcode & 0x0F));
        var maskBit = mask ? 0x80 : 0;
        switch (lengthBytes)
        {
            case 0:
                frame[1] = (byte)(maskBit | (int)declared);
                break;
            case 2:
                frame[1] = (byte)(maskBit | 126);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)declared);
                break;
            default:
                frame[1] = (byte)(maskBit | 127);
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)declared);
                break;
        }

        var body = frame.AsSpan(2 + lengthBytes);
        if (!mask)
        {
            payload.CopyTo(body);
            return frame;
        }

        var key = maskKey ?? FixedMaskKey;
        key.AsSpan(0, 4).CopyTo(body);
        for (var i = 0; i < payload.Length; i++)
            body[4 + i] = (byte)(payload[i] ^ key[i & 3]);
        return frame;
    }

    public static byte[] Text(string text, bool fin = true) => Encode(WsOpcode.Text, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Close(ushort code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Encode(WsOpcode.Close, payload);
    }

    /// <summary>The header at the start of <paramref name="data"/>; null while fewer bytes than it are there.</summary>
    public static WsHeader? ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
            return null;
        var masked = (data[1] & 0x80) != 0;
        long length = data[1] & 0x7F;
        var lengthBytes = length switch { 126 => 2, 127 => 8, _ => 0 };
        var size = 2 + lengthBytes + (masked ? 4 : 0);
        if (data.Length < size)
            return null;
        length = lengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            8 => (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]),
            _ => length,
        };
        return new WsHeader((data[0] & 0x80) != 0, (data[0] >> 4) & 7, (WsOpcode)(data[0] & 0x0F), masked, length, size);
    }

    /// <summary>The whole frame at the start of <paramref name="data"/>, payload unmasked, and the bytes it used; null while it is not all there.</summary>
    public static WsFrame? Decode(ReadOnlySpan<byte> data, out int used)
    {
        used = 0;
        if (ReadHeader(data) is not { Length: >= 0 and <= int.MaxValue } header || data.Length - header.Size < header.Length)
            return null;
        var payload = data.Slice(header.Size, (int)header.Length).ToArray();
        if (header.Masked)
        {
            var key = data.Slice(header.Size - 4, 4);
            for (var i = 0; i < payload.Length; i++)
                payload[i] ^= key[i & 3];
        }

        used = header.Size + payload.Length;
        return new WsFrame(header.Opcode, payload, (header.Rsv & 4) != 0);
    }
}
