namespace Tremolo.Server.WebSockets;

public enum FrameReadStatus
{
    /// <summary>The header is not complete yet; nothing was consumed.</summary>
    NeedMoreData,
    /// <summary>A valid header was consumed; its payload follows.</summary>
    Header,
    /// <summary>The frame breaks the protocol or a limit; the connection must be closed.</summary>
    Failed,
}
