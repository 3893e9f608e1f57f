using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Http;

/// <summary>
/// The HTTP/1.x side of one connection: the request loop. It reads each head
/// (<see cref="RequestHeadReader"/>), hands the request to the app in order (its body reader
/// is chosen with its framing, see <see cref="RequestBodyReader"/>), and after the response
/// asks <see cref="ResponseFraming"/> whether the connection lives on; a request that went
/// wrong is answered by <see cref="ErrorAnswers"/>. Its deadlines are
/// <see cref="ConnectionDeadlines"/>, which the heartbeat checks; every flush goes through
/// the transport's one <see cref="OutputFlusher"/>.
/// </summary>
internal sealed class HttpConnection
{
    private readonly IConnectionHost _host;
    private readonly HttpContext _context;
    private volatile bool _evicted;
    private volatile bool _idle;
    private volatile IUpgradedSession? _upgraded;

    // The request being answered, for the access log and the metrics: when it began, what had gone out before it.
    private long _requestStarted;
    private long _bytesBefore;

    public HttpConnection(TransportConnection transport, IConnectionHost host)
    {
        Transport = transport;
        _host = host;
        _context = new HttpContext(this);
        Deadlines = new ConnectionDeadlines(host.Time);
    }

    public TransportConnection Transport { get; }

    /// <summary>The connection's read, handler and send deadlines, which the heartbeat checks.</summary>
    public ConnectionDeadlines Deadlines { get; }

    /// <summary>Evicted from the keep-alive list or shutting down: no further request is read.</summary>
    public bool IsDraining => _evicted;

    public HttpLimits Limits => _host.Limits;

    public IConnectionHost Host => _host;

    /// <summary>Set while the connection is upgraded (WebSocket): exempt from the handler timeout.</summary>
    public bool IsUpgraded { get; set; }

    /// <summary>Node in the keep-alive list, owned by <see cref="ConnectionManager"/>.</summary>
    internal LinkedListNode<HttpConnection>? KeepAliveNode { get; set; }

    /// <summary>Cancelled when app_handler_timeout expires or the server stops.</summary>
    public CancellationToken HandlerAborted => Deadlines.HandlerAborted;

    /// <summary>Serves the connection to its end; never throws (a failure is logged).</summary>
    public async Task RunAsync()
    {
        _host.Manager.Add(this);
        if (_host.Log.IsDebug)
        {
            _host.Log.Debug($"connection open: {Peer}{(Transport.IsSecure ? " (TLS)" : "")}");
        }

        var first = true;
        try
        {
            while (await ReadHeadAsync(first) && await ServeRequestAsync())
            {
                first = false;
            }

            // An upgrade runs here, once the request's own frame is gone: a long-lived session holds no more than it needs.
            if (_upgraded is { } upgraded)
            {
                Exception? failure = null;
                TremoloMetrics.WebSocketSessionsAdd(1);
                try
                {
                    // A session that renders or fans out each message does so off the socket engine thread.
                    Transport.ResumeOnPool = upgraded.HasCostlyMessages;
                    if (upgraded.HasCostlyMessages && !Thread.CurrentThread.IsThreadPoolThread)
                    {
                        await Task.Yield();
                    }

                    await upgraded.StartAsync();
                    await upgraded.RunAsync();
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    TremoloMetrics.WebSocketSessionsAdd(-1);
                }

                try
                {
                    await upgraded.EndAsync(failure);
                }
                finally
                {
                    RequestEnded(upgraded.Messages);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer reset or the server aborted the connection: nothing to answer.
        }
        catch (Exception e)
        {
            _host.Log.Error($"connection failed: {e.GetType().Name}: {e.Message}", Limits.Debug ? e : null);
        }
        finally
        {
            // An answer cut short (the client left, an SSE stream ended) still gets its line.
            RequestEnded(IsUpgraded ? (0, _context.MessagesSent) : null);
            if (_host.Log.IsDebug)
            {
                _host.Log.Debug($"connection closed: {Peer}");
            }

            try
            {
                await Transport.CloseAsync();
                await Transport.DisposeAsync();
            }
            finally
            {
                Deadlines.Dispose();
                _context.Response.Headers.Release();
                _context.ReleaseBody();
                _host.Manager.Remove(this);
                _context.Head.Release();
            }
        }
    }

    /// <summary>Called by the heartbeat: fires whichever deadline has passed.</summary>
    public void OnHeartbeat(long now)
    {
        _upgraded?.OnHeartbeat();
        if (Deadlines.SendExpired(now, Transport.Flusher))
        {
            // Tremolo drops a send stalled for request_timeout: the peer stopped reading.
            _host.Log.Info($"send timeout: {Peer} stopped reading {_context.Head.Path} for {Limits.RequestTimeout.ToString("G6", CultureInfo.InvariantCulture)}s; connection dropped");
            Transport.Abort();
        }

        Deadlines.OnHeartbeat(now, Transport.Input, handlerExempt: IsUpgraded);
    }

    /// <summary>Dropped from the keep-alive list (beyond keepalive_connections): close when idle.</summary>
    public void OnEvicted()
    {
        _evicted = true;
        if (_idle)
        {
            Transport.Input.CancelPendingRead();
        }
    }

    /// <summary>Stops the connection for shutdown: an idle one closes now, a busy one after its response.</summary>
    public void OnShutdown()
    {
        _evicted = true;
        if (_idle || IsUpgraded)
        {
            Transport.Input.CancelPendingRead();
        }
    }

    public void Abort() => Transport.Abort();

    /// <summary>Flushes through the connection's one flusher (which carries the send deadline).</summary>
    public ValueTask FlushAsync()
    {
        var flush = Transport.Flusher.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            flush.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }

        return AwaitFlushAsync(flush);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitFlushAsync(ValueTask<System.IO.Pipelines.FlushResult> flush) => await flush;

    /// <summary>The peer as a log line names it.</summary>
    private string Peer => Transport.RemoteHost.Length == 0 ? "unix socket peer" : $"{Transport.RemoteHost}:{Transport.RemotePort}";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadHeadAsync(bool first)
    {
        _context.Reset();
        // Waiting for a head is idle, first request included: shutdown closes such a connection at once.
        _idle = true;
        HeadRead read;
        try
        {
            read = await RequestHeadReader.ReadAsync(this, _context.Head, first);
        }
        finally
        {
            _idle = false;
        }

        if (read.Status > 0)
        {
            await ErrorAnswers.WriteBareAsync(_context, read.Status, read.Message, read.Text);
        }

        return read.IsTaken;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeRequestAsync()
    {
        var context = _context;
        if (context.Head.Status == RequestHeadStatus.NotARequest)
        {
            await ErrorAnswers.WriteBareAsync(context, 400, "Bad Request", "bad request: not a request");
            return false;
        }

        _requestStarted = Stopwatch.GetTimestamp();
        _bytesBefore = Transport.Flusher.BytesSent;
        Deadlines.StartHandler(Limits.AppHandlerTimeout, _requestStarted);
        try
        {
            context.DecideFraming();
            if (context.Framing.RequestsKeepAlive)
            {
                _host.Manager.KeepAlive(this);
            }

            var app = _host.App;
            if (!app.IsCheap(context))
            {
                // Work whose cost depends on config or client data never runs on the socket engine
                // thread, which serves every other connection too (docs/architecture.md).
                Transport.ResumeOnPool = true;
                if (!Thread.CurrentThread.IsThreadPoolThread)
                {
                    await Task.Yield();
                }
            }

            await app.HandleAsync(context);
        }
        catch (HttpError error)
        {
            ErrorAnswers.LogAnswered(context, error);
            await ErrorAnswers.AnswerAsync(context, error);
        }
        catch (ConnectionClosedException closed)
        {
            await ErrorAnswers.CloseWithAsync(context, closed);
            return false;
        }
        catch (OperationCanceledException) when (Deadlines.HandlerTimedOut)
        {
            _host.Log.Error($"{context.Head.Path}: handler timeout (app_handler_timeout={Limits.AppHandlerTimeout})");
            await ErrorAnswers.AnswerAsync(context, new HttpError(500));
        }
        catch (Exception e) when (e is not (IOException or ObjectDisposedException or OperationCanceledException))
        {
            _host.Log.Error($"{context.Head.Path}: {e.GetType().Name}: {e.Message}", Limits.Debug ? e : null);
            await ErrorAnswers.AnswerAsync(context, new HttpError(500, Limits.Debug ? e.ToString() : null));
        }
        finally
        {
            Deadlines.StopHandler();
            Transport.ResumeOnPool = false;
        }

        if (context.Upgrade is { } upgrade)
        {
            IsUpgraded = true;
            _upgraded = upgrade;
            if (_host.Log.IsDebug)
            {
                _host.Log.Debug($"connection upgraded: {Peer} {context.Head.Path} (WebSocket)");
            }

            // The 101 head is in the output already, and no response follows it on this connection.
            context.Response.Headers.Release();
            return false;
        }

        await FlushAsync();
        RequestEnded(IsUpgraded ? (0, context.MessagesSent) : null);
        return context.Framing.LivesOn(draining: _evicted);
    }

    /// <summary>
    /// The request's answer is complete (or the connection ended under it): its access log line
    /// and metrics, once. <paramref name="session"/>: the messages of a WebSocket or SSE session.
    /// </summary>
    private void RequestEnded((long In, long Out)? session)
    {
        var started = _requestStarted;
        if (started == 0)
        {
            return;
        }

        _requestStarted = 0;
        var status = _context.Response.Status;

        // One clock read serves the duration metric and the access log line.
        var recordsDuration = TremoloMetrics.RecordsDurations;
        var elapsed = recordsDuration || _host.LogsAccess ? Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
        TremoloMetrics.RequestEnded(status, recordsDuration ? elapsed : null);
        if (_host.LogsAccess)
        {
            var head = _context.Head;
            _host.LogAccess(new AccessEntry(
                Transport.RemoteHost, head.Method, head.Url, head.Version, status, Transport.Flusher.BytesSent - _bytesBefore, elapsed,
                session is not null, session?.In ?? 0, session?.Out ?? 0));
        }
    }
}
