using System.Text.Json;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// A client WebSocket frame from a case's ws_send object (RFC 6455 5.2). Masked with a fixed
/// key by default so every recording is deterministic; may announce a length it does not send.
/// </summary>
public sealed record WsClientFrame(int Opcode, bool Fin, int Rsv, byte[] Payload, bool Mask, byte[] MaskKey, long Length)
{
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
            MaskKey: CaseJson.Get(spec, "mask_key") is { } key ? CaseJson.Latin1Bytes(key) : WsCodec.FixedMaskKey,
            Length: CaseJson.Get(spec, "length") is { } length ? CaseJson.ToLong(length) : payload.Length);
    }

    /// <summary>The frame on the wire: header, shortest length form, key, masked payload.</summary>
    public byte[] ToBytes() => WsCodec.Encode((WsOpcode)Opcode, Payload, Fin, Rsv, Mask, MaskKey, Length);
}
