using System.IO.Pipelines;
using System.Net;
using System.Text;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.WebSockets;
using Tremolo.Server.WebSockets.Compression;

namespace Tremolo.Server.Http;

/// <summary>
/// One request on a connection and what is known of it: the head, the body framing,
/// the keep-alive decision and the response being prepared. Reused for every request of
/// the connection. It is all the app sees of the connection: what it needs of the transport
/// (the peer, TLS, the output, the log and clock) is offered here, the transport itself is not.
/// </summary>
internal sealed class HttpContext : IBodyOutput
{
    private static readonly IReadOnlyDictionary<string, string> NoParams = new Dictionary<string, string>();

    private readonly HttpConnection _connection;
    private ReadOnlyMemory<byte>? _body;
    private RequestBodyBuffer? _bodyBuffer;
    private ChunkedBodyDecoder? _chunked;

    public HttpContext(HttpConnection connection)
    {
        _connection = connection;
        Head = new HttpRequestHead();
        Framing = new ResponseFraming(this);
    }

    public HttpRequestHead Head { get; }

    public HttpResponse Response { get; } = new();

    /// <summary>The response's framing and keep-alive: every response path asks it.</summary>
    public ResponseFraming Framing { get; }

    public bool HasBody { get; private set; }

    /// <summary>Content-Length, or -1 when absent (chunked or no body).</summary>
    public long ContentLength { get; private set; } = -1;

    public bool IsChunked { get; private set; }

    public bool ExpectContinue { get; private set; }

    public bool BodyConsumed { get; private set; }

    /// <summary>How the body is read, chosen with the framing (null: no body).</summary>
    public RequestBodyReader? BodyReader { get; private set; }

    /// <summary>The connection's chunked decoder, made on the first chunked body.</summary>
    public ChunkedBodyDecoder ChunkedDecoder => _chunked ??= new ChunkedBodyDecoder();

    /// <summary>Set by the app to take over the connection after the response head (a WebSocket).</summary>
    public IUpgradedSession? Upgrade { get; set; }

    public IReadOnlyDictionary<string, string> Params { get; set; } = NoParams;

    /// <summary>The app's state for the request being served: kept with the connection, reset per request.</summary>
    public IAppRequestState? AppState { get; set; }

    public PipeWriter Output => _connection.Transport.Output;

    /// <summary>The protocol layer's own way to the connection (body readers); the app uses the members here.</summary>
    internal HttpConnection Connection => _connection;

    public ServerLog Log => _connection.Host.Log;

    /// <summary>The clock every deadline and throttle reads (a test's virtual clock, else the system's).</summary>
    public TimeProvider Time => _connection.Host.Time;

    /// <summary>Cancelled when app_handler_timeout expires or the server stops.</summary>
    public CancellationToken HandlerAborted => _connection.HandlerAborted;

    /// <summary>Set once a shutdown has begun.</summary>
    public bool Draining => _connection.Host.Draining;

    /// <summary>The request_timeout that bounds each read and each stalled send.</summary>
    public double RequestTimeout => _connection.Limits.RequestTimeout;

    public bool Debug => _connection.Limits.Debug;

    public string Method => Head.Method;

    public string Url => Head.Url;

    public string Version => Head.Version;

    public bool IsSecure => _connection.Transport.IsSecure;

    public string ClientHost => _connection.Transport.RemoteHost;

    /// <summary>The peer's address; null on a unix socket.</summary>
    public IPAddress? ClientAddress => _connection.Transport.RemoteAddress;

    public int ClientPort => _connection.Transport.RemotePort;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => Head.HeaderList;

    public ReadOnlyMemory<byte>? Body => _body;

    /// <summary>Events a streamed answer (SSE) sent: the access log's count for the session.</summary>
    public long MessagesSent { get; private set; }

    public void CountMessageSent()
    {
        MessagesSent++;
        Diagnostics.TremoloMetrics.MessagesSent(1);
    }

    public void Reset()
    {
        MessagesSent = 0;
        Response.Reset();
        Framing.Reset();
        HasBody = false;
        ContentLength = -1;
        IsChunked = false;
        ExpectContinue = false;
        BodyConsumed = false;
        BodyReader = null;
        Upgrade = null;
        Params = NoParams;
        AppState?.Reset();
        ReleaseBody();
    }

    /// <summary>Gives the body's pooled memory back: the request is over (or the connection is).</summary>
    public void ReleaseBody()
    {
        _body = null;
        _bodyBuffer?.Dispose();
        _bodyBuffer = null;
    }

    /// <summary>
    /// Tremolo's checks between the head and the app: the keep-alive decision, then
    /// Transfer-Encoding and Content-Length framing, then Expect; the body reader follows from
    /// them. Throws its 400s.
    /// </summary>
    public void DecideFraming()
    {
        Framing.Begin(Head, keepAliveEnabled: _connection.Limits.KeepaliveTimeout > 0);

        if (Head.RejectReason is not null)
        {
            throw new HttpError(Head.RejectStatus, Head.RejectReason);
        }

        if (Head.Count("transfer-encoding"u8) > 0)
        {
            // RFC 9112 6.1: only a final "chunked" can be framed; Tremolo accepted any list containing it.
            if (!Head.IsHttp11 || !IsExactlyChunked())
            {
                throw HttpError.BadRequest("unexpected Transfer-Encoding");
            }

            HasBody = true;
            IsChunked = true;
        }

        var lengths = Head.Count("content-length"u8);
        if (lengths > 0)
        {
            if (HasBody || lengths != 1)
            {
                throw HttpError.BadRequest("ambiguous Content-Length");
            }

            Head.TryGetFirst("content-length"u8, out var text);
            if (!StrictInteger.TryParseDecimal(text, out var length))
            {
                throw HttpError.BadRequest("bad Content-Length");
            }

            ContentLength = length;
            HasBody = length != 0;
        }

        if (Head.Count("expect"u8) > 0)
        {
            DecideExpectation();
        }

        BodyReader = RequestBodyReader.For(this);
    }

    /// <summary>
    /// RFC 9110 10.1.1: 100-continue is the only expectation there is (any other is 417,
    /// where Tremolo ignores it); an HTTP/1.0 client gets no interim 100 (15.2), where Tremolo sends one.
    /// </summary>
    private void DecideExpectation()
    {
        foreach (ref readonly var field in Head.Fields)
        {
            if (!Head.NameOf(field).SequenceEqual("expect"u8))
            {
                continue;
            }

            var value = Head.ValueOf(field);
            foreach (var range in value.Split((byte)','))
            {
                var member = value[range].Trim(" \t"u8);
                if (!member.IsEmpty && !Ascii.EqualsIgnoreCase(member, "100-continue"u8))
                {
                    throw new HttpError(417);
                }
            }
        }

        ExpectContinue = HasBody && Head.IsHttp11;
    }

    /// <summary>request.body(): the whole body, read once (bounded by client_max_body_size).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync()
    {
        if (!BodyConsumed)
        {
            _bodyBuffer = BodyReader is { } reader ? await reader.ReadAsync(this) : null;
            _body = _bodyBuffer?.Written;
            BodyConsumed = true;
        }

        return _body ?? ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>Flushes written bytes to the socket, bounded by the send timeout.</summary>
    public ValueTask FlushAsync() => _connection.FlushAsync();

    /// <summary>
    /// The answer is a stream for the connection's life (SSE): exempt from app_handler_timeout,
    /// and logged as a session when it ends.
    /// </summary>
    public void HoldAsSession() => _connection.IsUpgraded = true;

    /// <summary>Completes when the client closes its side (a streamed answer's client sends nothing more).</summary>
    public async Task WaitForPeerCloseAsync()
    {
        var input = _connection.Transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection was torn down under the read.
        }
    }

    /// <summary>The RFC 6455 side of an upgraded connection, over its input and its one flusher.</summary>
    public WebSocketConnection OpenWebSocket(long maxPayloadSize, MessageDeflater? deflate) =>
        new(_connection.Transport.Input, _connection.Transport.Flusher, maxPayloadSize, TimeSpan.FromSeconds(RequestTimeout), deflate);

    /// <summary>A file body's flush: the connection's one flusher, its result and the caller's cancellation kept.</summary>
    ValueTask<FlushResult> IBodyOutput.FlushAsync(CancellationToken cancellationToken) => _connection.Transport.Flusher.FlushAsync(cancellationToken);

    /// <summary>Drops the connection at once (a listener too far behind, a policy violation).</summary>
    public void Abort() => _connection.Abort();

    /// <summary>After a close handshake: lets the peer close first, within a bound (RFC 6455 7.1.1).</summary>
    public ValueTask LingerAsync() => _connection.Transport.LingerAsync();

    private bool IsExactlyChunked()
    {
        var tokens = 0;
        var chunked = false;
        foreach (ref readonly var field in Head.Fields)
        {
            if (!Head.NameOf(field).SequenceEqual("transfer-encoding"u8))
            {
                continue;
            }

            var value = Head.ValueOf(field);
            foreach (var range in value.Split((byte)','))
            {
                var token = value[range].Trim(" \t"u8);
                if (token.IsEmpty)
                {
                    continue;
                }

                tokens++;
                chunked = Ascii.EqualsIgnoreCase(token, "chunked"u8);
            }
        }

        return tokens == 1 && chunked;
    }
}
