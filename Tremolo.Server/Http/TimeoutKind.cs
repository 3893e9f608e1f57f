namespace Tremolo.Server.Http;

/// <summary>Which deadline a connection is waiting on; each expires differently.</summary>
internal enum TimeoutKind
{
    None,

    /// <summary>No request head within request_timeout of connecting: bare 408.</summary>
    Request,

    /// <summary>No next request within keepalive_timeout: silent close.</summary>
    KeepAlive,

    /// <summary>A body read stalled for request_timeout: 408 through the error pages.</summary>
    Receive,
}
