namespace Tremolo.Server.Http;

/// <summary>
/// What takes over a connection after an upgrade response (a WebSocket session), in three
/// phases the connection runs in its own frame, so the long wait in between costs no frame
/// of the session's: <see cref="StartAsync"/>, <see cref="RunAsync"/>, then
/// <see cref="EndAsync"/> with whatever ended it. The connection passes on the heartbeat so
/// the session's deadlines need no timer of their own.
/// </summary>
internal interface IUpgradedSession
{
    /// <summary>
    /// True when handling a message costs what config or client data make it (a `format`
    /// template, a greeting, a channel fan-out): the session then runs on the thread pool.
    /// </summary>
    bool HasCostlyMessages { get; }

    /// <summary>Sends what opens the session (the pending 101 head, a greeting).</summary>
    ValueTask StartAsync();

    /// <summary>The session's life: completes when the peer or the server ends it.</summary>
    Task RunAsync();

    /// <summary>Closes the session after <see cref="StartAsync"/> or <see cref="RunAsync"/>; rethrows a failure it does not answer.</summary>
    ValueTask EndAsync(Exception? failure);

    void OnHeartbeat();

    /// <summary>Messages received and sent so far (the access log's line for the session).</summary>
    (long In, long Out) Messages { get; }
}
