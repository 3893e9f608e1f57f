using System.Text;

namespace Tremolo.SpecTests.Support;

public enum WsOpcode
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
    /// <summary>Not an opcode: the stream ended before a whole frame came.</summary>
    EndOfStream = -1,
}

/// <summary>A frame's header as on the wire (RFC 6455 5.2): <see cref="Size"/> bytes, mask key included, then <see cref="Length"/> payload bytes.</summary>
public readonly record struct WsHeader(bool Fin, int Rsv, WsOpcode Opcode, bool Masked, long Length, int Size);

/// <summary>One frame a server sent (opcode and unmasked payload; RSV1 = a permessage-deflate message, RFC 7692).</summary>
public sealed record WsFrame(WsOpcode Opcode, byte[] Payload, bool Rsv1 = false)
{
    public static readonly WsFrame EndOfStream = new(WsOpcode.EndOfStream, []);

    /// <summary>A close frame's status code, 0 when it has none.</summary>
    public int CloseCode => Opcode == WsOpcode.Close && Payload.Length >= 2 ? (Payload[0] << 8) | Payload[1] : 0;

    public override string ToString() => Opcode switch
    {
        WsOpcode.Text => $"text '{Encoding.UTF8.GetString(Payload)}'",
        WsOpcode.Close => $"close {CloseCode}",
        _ => $"{Opcode} [{Convert.ToHexString(Payload)}]",
    };
}
