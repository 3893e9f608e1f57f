using System.Buffers.Binary;
using System.Text.Json;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// A client WebSocket frame from a case's ws_send object (RFC 6455 5.2). Masked with a fixed
/// key by default so every recording is deterministic; may announce a length it does not send.
/// </summary>
public sealed record WsClientFrame(int Opcode, bool Fin, int Rsv, byte[] Payload, bool Mask, byte[] MaskKey, long Length)
{
    public static readonly byte[] FixedMaskKey = [0x37, 0xfa, 0x21, 0x3d];

    public static WsClientFrame Parse(JsonElement spec)
    {
        byte[] payload = CaseJson.Get(spec, "payload_b64") is { } b64
            ? Convert.FromBase64String(b64.GetString()!)
            : CaseJson.Get(spec, "payload") is { } text ? CaseJson.Latin1Bytes(text) : [];
        payload = CaseJson.Repeat(payload, CaseJson.Int(spec, "repeat", 1));
        return new WsClientFrame(
            Opcode: CaseJson.Int(spec, "opcode", 1),
            Fin: CaseJson.Flag(spec, "fin", true),
            Rsv: CaseJson.Int(spec, "rsv", 0) & 7,
            Payload: payload,
            Mask: CaseJson.Flag(spec, "mask", true),
            MaskKey: CaseJson.Get(spec, "mask_key") is { } key ? CaseJson.Latin1Bytes(key) : FixedMaskKey,
            Length: CaseJson.Get(spec, "length") is { } length ? CaseJson.ToLong(length) : payload.Length);
    }

    /// <summary>The frame on the wire: header, shortest length form, key, masked payload.</summary>
    public byte[] ToBytes()
    {
        if (Length < 0)
            throw new FormatException($"negative frame length {Length}");
        var frame = new List<byte>(14 + Payload.Length)
        {
            (byte)((Fin ? 0x80 : 0) | (Rsv << 4) | (Opcode & 0x0f)),
        };
        byte maskBit = Mask ? (byte)0x80 : (byte)0;
        if (Length < 126)
        {
            frame.Add((byte)(maskBit | Length));
        }
        else if (Length < 65536)
        {
            frame.Add((byte)(maskBit | 126));
            Span<byte> size = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(size, (ushort)Length);
            frame.AddRange(size);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            Span<byte> size = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)Length);
            frame.AddRange(size);
        }
        if (!Mask)
        {
            frame.AddRange(Payload);
            return [.. frame];
        }
        frame.AddRange(MaskKey);
        for (int i = 0; i < Payload.Length; i++)
            frame.Add((byte)(Payload[i] ^ MaskKey[i % 4]));
        return [.. frame];
    }
}
