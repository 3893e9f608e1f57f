using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Http;

/// <summary>
/// What the connections of one listener share, as the protocol layer needs it: its limits,
/// the app answering now (a reload swaps it), the connection list, the log, the clock every
/// deadline reads, and the access log. The hosting layer implements it.
/// </summary>
internal interface IConnectionHost
{
    HttpLimits Limits { get; }

    IHttpApplication App { get; }

    ConnectionManager Manager { get; }

    ServerLog Log { get; }

    TimeProvider Time { get; }

    /// <summary>Set once a shutdown has begun (the `health` answer turns 503).</summary>
    bool Draining { get; }

    /// <summary>access_log is on: <see cref="LogAccess"/> wants an entry per answered request.</summary>
    bool LogsAccess { get; }

    void LogAccess(in AccessEntry entry);
}
