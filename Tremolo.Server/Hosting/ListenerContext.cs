using Tremolo.Config.Model;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>
/// What every connection of one listener shares: its options, the app, the connection manager,
/// the log, the access log (null when off) and the clock every deadline reads (a test's
/// virtual clock, else the system's). The app is one volatile reference read per request,
/// so a reload swaps it without a lock while requests already running keep the app they
/// started with. The protocol layer sees it as an <see cref="IConnectionHost"/>.
/// </summary>
internal sealed class ListenerContext(ServerOptions options, IHttpApplication app, ConnectionManager manager, ServerLog log, TimeProvider time, AccessLog? accessLog = null)
    : IConnectionHost
{
    private IHttpApplication _app = app;
    private bool _draining;

    public ServerOptions Options { get; } = options;

    public HttpLimits Limits { get; } = new(
        options.ClientMaxHeaderSize, options.ClientMaxBodySize, options.RequestTimeout, options.KeepaliveTimeout,
        options.AppHandlerTimeout, options.UploadRate, options.Debug);

    public IHttpApplication App => Volatile.Read(ref _app);

    public ConnectionManager Manager { get; } = manager;

    public ServerLog Log { get; } = log;

    public AccessLog? AccessLog { get; } = accessLog;

    public bool LogsAccess => AccessLog is not null;

    /// <summary>Set once a shutdown has begun: the `health` answer turns 503.</summary>
    public bool Draining
    {
        get => Volatile.Read(ref _draining);
        set => Volatile.Write(ref _draining, value);
    }

    public TimeProvider Time { get; } = time;

    public void LogAccess(in AccessEntry entry) => AccessLog?.Write(entry);

    public void Swap(IHttpApplication next) => Volatile.Write(ref _app, next);
}
