namespace Tremolo.Server.WebSockets;

/// <summary>A client frame's header once it has passed validation (RFC 6455 section 5.2).</summary>
/// <param name="MaskKey">The 4 masking-key bytes as they lie in memory (wire order).</param>
/// <param name="Compressed">RSV1 on a message's first frame: permessage-deflate (RFC 7692 section 6).</param>
public readonly record struct FrameHeader(bool Fin, WebSocketOpcode Opcode, long PayloadLength, uint MaskKey, bool Compressed = false)
{
    public bool IsControl => Opcode >= WebSocketOpcode.Close;
}
