using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Tremolo.Config.Model;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Hosting;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Http;

/// <summary>
/// The HTTP/1.x side of one connection: reads request heads (with Tremolo's size limits
/// and timeouts), frames bodies, hands each request to the app in order, and decides
/// after each response whether the connection lives on (keep-alive) or closes.
/// </summary>
internal sealed class HttpConnection
{
    private readonly ListenerContext _listener;
    private readonly HttpContext _context;
    private ChunkedBodyDecoder? _chunked;
    private long _deadline;
    private TimeoutKind _waiting;
    private volatile int _expired;
    private long _handlerDeadline;
    private CancellationTokenSource? _handlerCancellation;
    private volatile bool _evicted;
    private bool _sendTimedOut;
    private volatile bool _idle;
    private volatile IUpgradedSession? _upgraded;

    // The request being answered, for the access log and the metrics: when it began, what had gone out before it.
    private long _requestStarted;
    private long _bytesBefore;

    public HttpConnection(TransportConnection transport, ListenerContext listener)
    {
        Transport = transport;
        _listener = listener;
        _context = new HttpContext(this);
    }

    public TransportConnection Transport { get; }

    public ServerOptions Options => _listener.Options;

    public ListenerContext Listener => _listener;

    /// <summary>Set while the connection is upgraded (WebSocket): exempt from the handler timeout.</summary>
    public bool IsUpgraded { get; set; }

    /// <summary>Node in the keep-alive list, owned by <see cref="ConnectionManager"/>.</summary>
    internal LinkedListNode<HttpConnection>? KeepAliveNode { get; set; }

    /// <summary>Cancelled when app_handler_timeout expires or the server stops.</summary>
    public CancellationToken HandlerAborted => (_handlerCancellation ??= new CancellationTokenSource()).Token;

    /// <summary>Serves the connection to its end; never throws (a failure is logged).</summary>
    public async Task RunAsync()
    {
        _listener.Manager.Add(this);
        if (_listener.Log.IsDebug)
        {
            _listener.Log.Debug($"connection open: {Peer}{(Transport.IsSecure ? " (TLS)" : "")}");
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
            _listener.Log.Error($"connection failed: {e.GetType().Name}: {e.Message}", Options.Debug ? e : null);
        }
        finally
        {
            // An answer cut short (the client left, an SSE stream ended) still gets its line.
            RequestEnded(IsUpgraded ? (0, _context.MessagesSent) : null);
            if (_listener.Log.IsDebug)
            {
                _listener.Log.Debug($"connection closed: {Peer}");
            }

            try
            {
                await Transport.CloseAsync();
                await Transport.DisposeAsync();
            }
            finally
            {
                _handlerCancellation?.Dispose();
                _context.Response.Headers.Release();
                _context.ReleaseBody();
                _listener.Manager.Remove(this);
            }
        }
    }

    /// <summary>Called by the heartbeat: fires whichever deadline has passed.</summary>
    public void OnHeartbeat(long now)
    {
        _upgraded?.OnHeartbeat();
        if (Transport.Flusher.IsOverdue(now) && !_sendTimedOut)
        {
            // Tremolo drops a send stalled for request_timeout: the peer stopped reading.
            _sendTimedOut = true;
            _listener.Log.Info($"send timeout: {Peer} stopped reading {_context.Head.Path} for {Options.RequestTimeout.ToString("G6", CultureInfo.InvariantCulture)}s; connection dropped");
            Transport.Abort();
        }

        if (_waiting != TimeoutKind.None && now >= Volatile.Read(ref _deadline) && _expired == 0)
        {
            _expired = (int)_waiting;
            Transport.Input.CancelPendingRead();
        }

        var handlerDeadline = Volatile.Read(ref _handlerDeadline);
        if (handlerDeadline != 0 && now >= handlerDeadline && !IsUpgraded)
        {
            Volatile.Write(ref _handlerDeadline, 0);
            _handlerCancellation?.Cancel();
        }
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

    /// <summary>Waits on a read for at most <paramref name="seconds"/>; the heartbeat cancels it after.</summary>
    public void SetDeadline(TimeoutKind kind, double seconds)
    {
        _expired = 0;
        Volatile.Write(ref _deadline, After(seconds));
        _waiting = kind;
    }

    /// <summary>The server clock's timestamp <paramref name="seconds"/> from now (what the heartbeat compares).</summary>
    private long After(double seconds) => _listener.Time.GetTimestamp() + (long)(seconds * _listener.Time.TimestampFrequency);

    public void ClearDeadline() => _waiting = TimeoutKind.None;

    /// <summary>The deadline that expired since it was set, if any.</summary>
    public TimeoutKind Expired => (TimeoutKind)_expired;

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
        var head = _context.Head;
        _context.Reset();
        SetDeadline(first ? TimeoutKind.Request : TimeoutKind.KeepAlive, first ? Options.RequestTimeout : Options.KeepaliveTimeout);
        // Waiting for a head is idle, first request included: shutdown closes such a connection at once.
        _idle = true;
        try
        {
            while (true)
            {
                if (_evicted && _idle)
                {
                    return false;
                }

                var result = await Transport.Input.ReadAsync();
                var buffer = result.Buffer;
                if (TryTakeHead(buffer, head, out var consumed, out var failure))
                {
                    Transport.Input.AdvanceTo(consumed);
                    return true;
                }

                if (failure is not null)
                {
                    Transport.Input.AdvanceTo(buffer.End);
                    await WriteBareAsync(400, "Bad Request", failure);
                    return false;
                }

                if (Expired is TimeoutKind.Request)
                {
                    var timeout = Options.RequestTimeout.ToString("G6", CultureInfo.InvariantCulture);
                    Transport.Input.AdvanceTo(buffer.End);
                    await WriteBareAsync(408, "Request Timeout", $"request timeout after {timeout}s");
                    return false;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    // Peer closed, keep-alive timeout, eviction or shutdown: close silently.
                    Transport.Input.AdvanceTo(buffer.End);
                    return false;
                }

                Transport.Input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            _idle = false;
            ClearDeadline();
        }
    }

    /// <summary>Finds a complete head; Tremolo's size checks decide between waiting and refusing.</summary>
    private bool TryTakeHead(in ReadOnlySequence<byte> buffer, HttpRequestHead head, out SequencePosition consumed, out string? failure)
    {
        failure = null;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> block, "\r\n\r\n"u8))
        {
            // Tremolo measures the head up to and including the CRLF of its last line.
            if (block.Length + 2 > Options.ClientMaxHeaderSize)
            {
                failure = "request header too large";
                return false;
            }

            RequestHeadParser.Parse(buffer.Slice(0, block.Length + 2), head);
            consumed = reader.Position;
            return true;
        }

        if (buffer.Length > Options.ClientMaxHeaderSize)
        {
            failure = "bad request";
        }

        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeRequestAsync()
    {
        var context = _context;
        if (context.Head.Status == RequestHeadStatus.NotARequest)
        {
            await WriteBareAsync(400, "Bad Request", "bad request: not a request");
            return false;
        }

        _requestStarted = Stopwatch.GetTimestamp();
        _bytesBefore = Transport.Flusher.BytesSent;
        Volatile.Write(ref _handlerDeadline, After(Options.AppHandlerTimeout));
        try
        {
            context.DecideFraming();
            if (context.KeepAlive)
            {
                _listener.Manager.KeepAlive(this);
            }

            var app = _listener.App;
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
            LogAnswered(error);
            await AnswerErrorAsync(error);
        }
        catch (ConnectionClosedException closed)
        {
            await CloseWithAsync(closed);
            return false;
        }
        catch (OperationCanceledException) when (_handlerCancellation?.IsCancellationRequested == true)
        {
            _listener.Log.Error($"{context.Head.Path}: handler timeout (app_handler_timeout={Options.AppHandlerTimeout})");
            await AnswerErrorAsync(new HttpError(500));
        }
        catch (Exception e) when (e is not (IOException or ObjectDisposedException or OperationCanceledException))
        {
            _listener.Log.Error($"{context.Head.Path}: {e.GetType().Name}: {e.Message}", Options.Debug ? e : null);
            await AnswerErrorAsync(new HttpError(500, Options.Debug ? e.ToString() : null));
        }
        finally
        {
            Volatile.Write(ref _handlerDeadline, 0);
            Transport.ResumeOnPool = false;
        }

        if (context.Upgrade is { } upgrade)
        {
            IsUpgraded = true;
            _upgraded = upgrade;

            // The 101 head is in the output already, and no response follows it on this connection.
            context.Response.Headers.Release();
            return false;
        }

        await FlushAsync();
        RequestEnded(context.Connection.IsUpgraded ? (0, context.MessagesSent) : null);
        return context.KeepAlive && !context.CloseAfterResponse && !_evicted && (!context.HasBody || context.BodyConsumed);
    }

    /// <summary>
    /// Tremolo's print_exception for an HTTP error the app raised: "path: ExceptionName: text";
    /// redirects are not logged. ERROR only for a 500 (a fault of the server or the app): the
    /// other 5xx here answer the client's request (505 for its version), so they are INFO as
    /// the 4xx are, where Tremolo says ERROR for every 5xx.
    /// </summary>
    private void LogAnswered(HttpError error)
    {
        if (error.Code < 400)
        {
            return;
        }

        var path = _context.Head.Path;
        var message = $"{path}: {error.PythonName}: {error.Text}";
        if (error.Code != 500)
        {
            _listener.Log.Info(message, new("path", path), new("status", error.Code), new("exception", error.PythonName));
        }
        else
        {
            _listener.Log.Error(message, null, new("path", path), new("status", error.Code), new("exception", error.PythonName));
        }
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
        TremoloMetrics.RequestEnded(status, started);
        if (_listener.AccessLog is { } accessLog)
        {
            var head = _context.Head;
            accessLog.Write(new AccessEntry(
                Transport.RemoteHost, head.Method, head.Url, head.Version, status, Transport.Flusher.BytesSent - _bytesBefore, Stopwatch.GetElapsedTime(started),
                session is not null, session?.In ?? 0, session?.Out ?? 0));
        }
    }

    /// <summary>An error after the head went out can only close the connection, as in Tremolo.</summary>
    private async ValueTask AnswerErrorAsync(HttpError error)
    {
        if (_context.Response.HeadersSent)
        {
            _context.KeepAlive = false;
            return;
        }

        try
        {
            await _listener.App.HandleErrorAsync(_context, error);
        }
        catch (ConnectionClosedException closed)
        {
            // The error page read the body and the connection ended there (or Tremolo refused it bare).
            await CloseWithAsync(closed);
        }
        finally
        {
            if (error.Code >= 400)
            {
                _context.KeepAlive = false;
            }
        }
    }

    /// <summary>Ends a request that gets no HTTP response: Tremolo's bare answer when it has one.</summary>
    private async ValueTask CloseWithAsync(ConnectionClosedException closed)
    {
        _context.KeepAlive = false;
        if (closed.BareStatus is { } status)
        {
            await WriteBareAsync(status, closed.BareMessage, closed.Message);
        }
    }

    private async ValueTask WriteBareAsync(int status, string message, string text)
    {
        ResponseWriter.WriteBare(Transport.Output, status, message, text);
        _listener.Log.Info($"{status} {message}: {text}");
        await FlushAsync();
    }

    /// <summary>Reads the whole request body for <see cref="HttpContext.ReadBodyAsync"/>.</summary>
    internal async ValueTask<RequestBodyBuffer?> ReadBodyAsync(HttpContext context)
    {
        if (!context.HasBody)
        {
            return null;
        }

        var max = Options.ClientMaxBodySize;
        if (context.ExpectContinue)
        {
            if (context.ContentLength > max)
            {
                throw new HttpError(417);
            }

            Transport.Output.Write(context.Head.IsHttp11 ? "HTTP/1.1 100 Continue\r\n\r\n"u8 : "HTTP/1.0 100 Continue\r\n\r\n"u8);
            await FlushAsync();
        }

        if (context.ContentLength >= 0)
        {
            if (context.ContentLength > max)
            {
                throw new HttpError(413);
            }

            return await ReadExactlyAsync((int)context.ContentLength);
        }

        return await ReadChunkedAsync(context, max);
    }

    /// <summary>Copies each read into the pooled body as it comes, so the socket buffer never holds the whole body.</summary>
    private async ValueTask<RequestBodyBuffer> ReadExactlyAsync(int length)
    {
        var upload = new RateLimiter(Options.UploadRate, _listener.Time);
        var body = await RequestBodyBuffer.RentAsync(BodyMemoryBudget.Shared, length, length, HandlerAborted);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var result = await ReceiveAsync();
                var buffer = result.Buffer;
                var take = (int)Math.Min(remaining, buffer.Length);
                foreach (var segment in buffer.Slice(0, take))
                {
                    body.Write(segment.Span);
                }

                Transport.Input.AdvanceTo(buffer.GetPosition(take));
                remaining -= take;
                if (remaining > 0 && result.IsCompleted)
                {
                    throw new ConnectionClosedException();
                }

                // The last read may take in much at once: the body is not handed over before the rate allows all of it.
                await upload.WaitAsync(length - remaining, HandlerAborted);
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private async ValueTask<RequestBodyBuffer> ReadChunkedAsync(HttpContext context, long max)
    {
        var body = await RequestBodyBuffer.RentAsync(BodyMemoryBudget.Shared, max, 0, HandlerAborted);
        try
        {
            var upload = new RateLimiter(Options.UploadRate, _listener.Time);
            var chunked = _chunked ??= new ChunkedBodyDecoder();
            chunked.Reset();
            while (!chunked.IsComplete)
            {
                var result = await ReceiveAsync();
                var buffer = result.Buffer;
                var consumed = chunked.Decode(buffer, body);
                if (chunked.RawBytes > max)
                {
                    throw new ConnectionClosedException(400, "Bad Request", "payload too large");
                }

                // What the decoder took is in the body: the socket buffer keeps only an unfinished line.
                if (chunked.IsComplete)
                {
                    Transport.Input.AdvanceTo(consumed);
                }
                else
                {
                    Transport.Input.AdvanceTo(consumed, buffer.End);
                    if (result.IsCompleted)
                    {
                        throw new ConnectionClosedException();
                    }
                }

                await upload.WaitAsync(chunked.RawBytes, HandlerAborted);
            }

            // Tremolo does not read past the last chunk: the connection closes after this request.
            context.KeepAlive = false;
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>One read of body bytes, bounded by request_timeout; a stall is Tremolo's 408.</summary>
    private async ValueTask<System.IO.Pipelines.ReadResult> ReceiveAsync()
    {
        SetDeadline(TimeoutKind.Receive, Options.RequestTimeout);
        try
        {
            var result = await Transport.Input.ReadAsync(HandlerAborted);
            if (Expired == TimeoutKind.Receive)
            {
                Transport.Input.AdvanceTo(result.Buffer.Start);
                throw new HttpError(408, "0: recv timeout");
            }

            if (result.IsCanceled || (result.IsCompleted && result.Buffer.IsEmpty))
            {
                throw new ConnectionClosedException();
            }

            return result;
        }
        finally
        {
            ClearDeadline();
        }
    }
}
