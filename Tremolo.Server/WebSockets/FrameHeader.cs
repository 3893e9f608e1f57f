namespace Tremolo.Server.WebSockets;

/// <summary>A client frame's header once it has passed validation (RFC 6455 section 5.2).</summary>
/// <param name="MaskKey">The 4 masking-key bytes as they lie in memory (wire order).</param>
public readonly record struct FrameHeader(bool Fin, WebSocketOpcode Opcode, long PayloadLength, uint MaskKey)
{
    public bool IsControl => Opcode >= WebSocketOpcode.Close;
}
