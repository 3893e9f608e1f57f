namespace Tremolo.Server.Http;

/// <summary>
/// What takes over a connection after an upgrade response (a WebSocket session). The
/// connection runs it, and passes on the heartbeat so the session's own deadlines need no
/// timer of their own.
/// </summary>
internal interface IUpgradedSession
{
    Task RunAsync();

    void OnHeartbeat();
}
