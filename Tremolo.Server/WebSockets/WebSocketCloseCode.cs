namespace Tremolo.Server.WebSockets;

/// <summary>RFC 6455 section 7.4 status codes the server sends, and which codes a peer may send.</summary>
public static class WebSocketCloseCode
{
    public const ushort Normal = 1000;
    public const ushort ProtocolError = 1002;
    /// <summary>Received in place of a code when a close frame carries none; never sent.</summary>
    public const ushort NoStatus = 1005;
    public const ushort InvalidPayload = 1007;
    /// <summary>Tremolo's answer to an opcode it does not know.</summary>
    public const ushort PolicyViolation = 1008;
    public const ushort MessageTooBig = 1009;

    /// <summary>
    /// Section 7.4.1/7.4.2: a close frame may carry 1000-1003, 1007-1011 and the IANA-registered
    /// 1012-1014, or 3000-4999; 1004-1006, 1015 and the unassigned rest of 1000-2999 must not be sent.
    /// </summary>
    public static bool MayBeSentByPeer(int code) => code switch
    {
        >= 1000 and <= 1003 => true,
        >= 1007 and <= 1014 => true,
        >= 3000 and <= 4999 => true,
        _ => false,
    };
}
