namespace Tremolo.Server.Http;

/// <summary>
/// The protocol layer's share of a listener's server options (sizes in bytes, times in
/// seconds, rates in bytes per second), copied out by the hosting layer so that Http knows no
/// config type. A keepalive_timeout of 0 turns keep-alive off.
/// </summary>
internal sealed record HttpLimits(
    int ClientMaxHeaderSize,
    long ClientMaxBodySize,
    double RequestTimeout,
    double KeepaliveTimeout,
    double AppHandlerTimeout,
    long UploadRate,
    bool Debug);
