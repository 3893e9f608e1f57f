using System.Net;
using System.Net.Sockets;
using Tremolo.Config.Model;
using Tremolo.Config.Routing;
using Tremolo.Server.App;
using Tremolo.Server.Channels;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Http;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Hosting;

/// <summary>
/// A running server for one loaded app: its listeners, connections and shutdown.
/// `tremolo serve` and the in-process tests both start the engine through this type.
/// </summary>
public sealed class TremoloHost : IAsyncDisposable
{
    private readonly List<(SocketListener Listener, ListenerContext Context, TlsSettings? Tls)> _listeners;
    private readonly List<Task> _acceptLoops = [];
    private readonly Heartbeat _heartbeat;
    private readonly ServerLog _log;
    private readonly AccessLog? _accessLog;
    private readonly double _shutdownTimeout;
    private readonly TimeProvider _time;
    private readonly RefusalLog _refusals;
    private AppReloader? _reloader;
    private MemoryWatchdog? _watchdog;
    private IChannelBroker? _broker;
    private List<CertificateWatcher> _certificates = [];
    private int _stopped;

    private TremoloHost(List<(SocketListener, ListenerContext, TlsSettings?)> listeners, ServerLog log, AccessLog? accessLog, double shutdownTimeout, TimeProvider time)
    {
        _listeners = listeners;
        _log = log;
        _accessLog = accessLog;
        _shutdownTimeout = shutdownTimeout;
        _time = time;
        _heartbeat = new Heartbeat([.. listeners.Select(l => l.Item2.Manager)], time);
        _refusals = new RefusalLog(log, time);
        foreach (var (listener, context, tls) in listeners)
        {
            _acceptLoops.Add(listener.AcceptLoopAsync(socket => OnAccepted(socket, context, tls, _refusals)));
        }
    }

    /// <summary>The bound addresses (a port 0 in the options is resolved here).</summary>
    public IReadOnlyList<EndPoint> EndPoints => [.. _listeners.Select(l => l.Listener.EndPoint)];

    /// <summary>Peer addresses in the listeners' max_connections_per_ip tables now (empty once every connection ended).</summary>
    internal int PeerAddresses => _listeners.Sum(l => l.Context.Manager.PeerAddresses);

    /// <summary>Binds every listener of the document and starts accepting.</summary>
    public static Task<TremoloHost> StartAsync(AppDocument document, TextWriter log, CancellationToken cancellationToken = default) =>
        StartAsync(document, log, null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(AppDocument, TextWriter, CancellationToken)"/>; when the document
    /// says `reload`, changes to its files are loaded again from <paramref name="reload"/>.
    /// Log records go to <paramref name="records"/> when given (stderr), else to <paramref name="log"/>
    /// with the listening lines.
    /// </summary>
    public static Task<TremoloHost> StartAsync(AppDocument document, TextWriter log, ReloadSource? reload, CancellationToken cancellationToken, TextWriter? records = null) =>
        StartAsync(document, log, reload, TimeProvider.System, cancellationToken, records);

    /// <summary>
    /// As above, with every deadline (timeouts, heartbeat, throttles, shutdown) read from
    /// <paramref name="time"/>: tests pass a clock they move by hand.
    /// </summary>
    public static async Task<TremoloHost> StartAsync(AppDocument document, TextWriter log, ReloadSource? reload, TimeProvider time, CancellationToken cancellationToken, TextWriter? records = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var server = document.Server;
        var serverLog = new ServerLog(records ?? log, log, server.LogLevel, server.LogFmt, json: server.LogFormat == "json", worker: Workers.WorkerIdentity.Current?.Number);
        var table = RouteTableBuilder.Build(document.App);
        var bound = new List<(SocketListener, ListenerContext, TlsSettings?)>();
        var (hub, broker) = await ChannelSetup.StartAsync(document, serverLog, time);
        AccessLog? accessLog = null;
        var responders = new StreamingResponders(hub);
        try
        {
            foreach (var (address, options, setting) in Addresses(document))
            {
                var app = new AppRuntime(table, options, responders);
                var context = new ListenerContext(options, app, new ConnectionManager(options.KeepaliveConnections, options.MaxConnections, options.MaxConnectionsPerIp), serverLog, time, accessLog ??= AccessLog.Open(server.AccessLog, serverLog));
                var tls = options.Ssl is { } ssl ? LoadTls(ssl) : null;
                bound.Add((Bind(address, options, setting), context, tls));
            }
        }
        catch
        {
            foreach (var (listener, _, _) in bound)
            {
                listener.Dispose();
            }

            accessLog?.Dispose();
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            throw;
        }

        var host = new TremoloHost(bound, serverLog, accessLog, server.ShutdownTimeout, time) { _broker = broker };

        if (reload is not null)
        {
            // Files are watched only with `reload`; SIGHUP (ReloadNow) reloads either way.
            host._reloader = new AppReloader(reload, document, [.. bound.Select(b => b.Item2)], responders, serverLog, watch: server.Reload);
        }

        if (server.LimitMemory > 0)
        {
            host._watchdog = new MemoryWatchdog(server.LimitMemory, host.AbortAll, serverLog);
        }

        host._certificates = [.. bound.Select(b => b.Item3).OfType<TlsSettings>().Select(tls => new CertificateWatcher(tls, serverLog))];

        foreach (var (listener, context, tls) in bound)
        {
            serverLog.Print($"{context.Options.ServerName} is listening on {Describe(listener.EndPoint, tls is not null)}");
        }

        return host;
    }

    /// <summary>
    /// Loads the config again now, as a change seen by `reload` does (SIGHUP), off the
    /// caller's thread; without a reload source there is nothing to load from.
    /// </summary>
    public void ReloadNow(string why)
    {
        if (_reloader is { } reloader)
        {
            _log.Info($"reload: {why}");
            ThreadPool.QueueUserWorkItem(_ => reloader.Reload());
        }
    }

    /// <summary>
    /// Serves until <paramref name="stop"/> fires, then drains within shutdown_timeout; tells
    /// systemd (NOTIFY_SOCKET) when it is ready and when it stops. Records go to
    /// <paramref name="records"/>, the listening lines to <paramref name="console"/>.
    /// </summary>
    /// <param name="started">Given the running host once it listens (a signal handler reloads through it).</param>
    public static async Task RunAsync(AppDocument document, TextWriter console, TextWriter records, ReloadSource? reload, CancellationToken stop, Action<TremoloHost>? started = null)
    {
        await using var host = await StartAsync(document, console, reload, stop, records);
        started?.Invoke(host);
        SystemdNotifier.Send("READY=1", host._log);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            host._log.Print("Shutting down");
            SystemdNotifier.Send("STOPPING=1", host._log);
        }
    }

    /// <summary>Stops accepting, closes idle connections, waits for busy ones up to shutdown_timeout.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _reloader?.Dispose();
        _watchdog?.Dispose();
        _certificates.ForEach(c => c.Dispose());
        foreach (var (listener, context, _) in _listeners)
        {
            context.Draining = true;
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops);
        foreach (var (_, context, _) in _listeners)
        {
            foreach (var connection in context.Manager.Snapshot())
            {
                connection.OnShutdown();
            }
        }

        var drained = Task.WhenAll(_listeners.Select(l => l.Context.Manager.WhenDrained()));
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(_shutdownTimeout), _time)) != drained)
        {
            AbortAll();

            // A real-time safety net: aborted connections end at once, a virtual clock must not hold this.
            await drained.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _heartbeat.Dispose();
        _refusals.Dispose();
        _accessLog?.Dispose();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void AbortAll()
    {
        foreach (var (_, context, _) in _listeners)
        {
            foreach (var connection in context.Manager.Snapshot())
            {
                connection.Abort();
            }
        }
    }

    private static void OnAccepted(Socket socket, ListenerContext context, TlsSettings? tls, RefusalLog refusals)
    {
        var peer = TransportConnection.PeerAddressOf(socket);
        if (context.Manager.Accept(peer) is var refusal and not ConnectionRefusal.None)
        {
            Refuse(socket, context, tls is not null, refusal, refusals);
            return;
        }

        if (tls is null)
        {
            _ = new HttpConnection(TransportConnection.Plain(socket, SendDeadlineOf(context)), context).RunAsync();
        }
        else
        {
            _ = HandshakeAsync(socket, context, tls, peer);
        }
    }

    /// <summary>
    /// A socket over a connection limit: plain HTTP gets 503 with Connection: close at once
    /// (its request is not waited for); TLS is closed bare, as answering would cost a handshake.
    /// It holds no slot, and its close lingers briefly off every thread (<see cref="RefusedSocket"/>).
    /// </summary>
    private static void Refuse(Socket socket, ListenerContext context, bool secure, ConnectionRefusal refusal, RefusalLog refusals)
    {
        var options = context.Options;
        refusals.Refused(refusal, refusal == ConnectionRefusal.MaxConnectionsPerIp ? options.MaxConnectionsPerIp : options.MaxConnections);
        var answer = secure ? [] : OverCapacityAnswer.Build(options.ServerName);
        _ = RefusedSocket.CloseAsync(socket, answer, RefusalLinger, context.Time);
    }

    /// <summary>The TLS handshake, bounded by request_timeout; then the connection runs on its own.</summary>
    private static async Task HandshakeAsync(Socket socket, ListenerContext context, TlsSettings tls, IPAddress? peer)
    {
        TransportConnection transport;
        try
        {
            using var handshake = new CancellationTokenSource(TimeSpan.FromSeconds(context.Options.RequestTimeout), context.Time);
            transport = await TransportConnection.SecureAsync(socket, tls, SendDeadlineOf(context), handshake.Token);
        }
        catch (Exception e)
        {
            context.Log.Info($"connection dropped before the first request: {e.GetType().Name}: {e.Message}");
            Diagnostics.TremoloMetrics.ConnectionRejected();
            socket.Dispose();
            context.Manager.Ended(peer);
            return;
        }

        _ = new HttpConnection(transport, context).RunAsync();
    }

    /// <summary>How long a refused socket waits for its peer to send its request and close, at most.</summary>
    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(1);

    /// <summary>Tremolo drops a send stalled for request_timeout.</summary>
    private static TransportConnection.SendDeadline SendDeadlineOf(ListenerContext context) =>
        new(context.Time, TimeSpan.FromSeconds(context.Options.RequestTimeout));

    /// <summary>--bind addresses (else host:port), then each `listen:` entry with its own options and position.</summary>
    internal static IEnumerable<(BindAddress Address, ServerOptions Options, SourceLocation? Setting)> Addresses(AppDocument document)
    {
        var server = document.Server;
        if (server.Bind.Count > 0)
        {
            foreach (var address in server.Bind)
            {
                yield return (address, server, null);
            }
        }
        else
        {
            yield return (new BindAddress(server.Host, server.Port, null), server, null);
        }

        foreach (var listen in document.Listen)
        {
            yield return (listen.Address, listen.Options, listen.Location);
        }
    }

    private static SocketListener Bind(BindAddress address, ServerOptions options, SourceLocation? setting)
    {
        try
        {
            return address.UnixPath is { } path
                ? SocketListener.BindUnix(path, options.Backlog)
                : SocketListener.BindTcp(address.Host ?? options.Host, address.Port, options.Backlog, options.ReusePort);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            throw StartupException.CannotListen(address.UnixPath is null ? address with { Host = address.Host ?? options.Host } : address, setting, e);
        }
    }

    private static TlsSettings LoadTls(SslOptions ssl)
    {
        try
        {
            return TlsSettings.FromPem(ssl.Cert, ssl.Key, ssl.Password);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw StartupException.CannotLoadTls(ssl, e);
        }
    }

    private static string Describe(EndPoint endPoint, bool secure) => endPoint switch
    {
        IPEndPoint ip => $"{(secure ? "https" : "http")}://{(ip.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip.Address}]" : ip.Address.ToString())}:{ip.Port}/",
        _ => endPoint.ToString() ?? "",
    };
}
