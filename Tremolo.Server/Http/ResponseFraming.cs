namespace Tremolo.Server.Http;

/// <summary>
/// The one owner of how a response is framed and whether the connection serves another
/// request after it (RFC 9112 6.3 and 9.3, as Tremolo decides them). It knows the request's
/// version, method and Connection header, whether an announced request body is still unread,
/// and the response's status; every response path asks it, none decides by itself.
/// One per connection, reset per request.
/// </summary>
internal sealed class ResponseFraming(HttpContext context)
{
    private bool _keepAlive;
    private bool _closeAfter;

    /// <summary>Tremolo's request.http_keepalive: the client asked to keep the connection (and may).</summary>
    public bool RequestsKeepAlive => _keepAlive;

    /// <summary>
    /// What a response may say now: keep-alive only if asked and the connection can really
    /// serve another request after it, which it cannot with an announced body left unread
    /// (where the next request starts is unknown).
    /// </summary>
    public bool MayKeepAlive => _keepAlive && (!context.HasBody || context.BodyConsumed);

    /// <summary>The request's own wish: its Connection header, else its version's default (off when keepalive_timeout is 0).</summary>
    public void Begin(HttpRequestHead head, bool keepAliveEnabled)
    {
        _keepAlive = keepAliveEnabled && (head.Count("connection"u8) > 0
            ? !head.ContainsToken("connection"u8, "close"u8)
            : head.IsHttp11);
    }

    public void Reset()
    {
        _keepAlive = false;
        _closeAfter = false;
    }

    /// <summary>The connection ends after this response (a failure, a body it cannot skip); a head not yet sent says close.</summary>
    public void Close() => _keepAlive = false;

    /// <summary>
    /// The connection ends after this response whatever its head says: Tremolo answers a
    /// file HEAD or a 304 with keep-alive, then closes; a handler returning None closes too.
    /// </summary>
    public void CloseAfterResponse() => _closeAfter = true;

    /// <summary>After the response: does the connection read another request? Not once it is draining (evicted, shutdown).</summary>
    public bool LivesOn(bool draining) => MayKeepAlive && !_closeAfter && !draining;

    /// <summary>
    /// A handler's returned body, its length known: chunked on HTTP/1.1 unless the route says
    /// (chunked: false), else Content-Length; a no-content status announces neither.
    /// </summary>
    public ResponseFrame ForReturn(bool? chunked)
    {
        var noContent = context.Response.IsNoContent;
        var body = chunked ?? (context.Head.IsHttp11 && !noContent) ? BodyFraming.Chunked
            : noContent ? BodyFraming.None
            : BodyFraming.ContentLength;
        return new ResponseFrame(body, BodyFollows(noContent), MayKeepAlive ? KeepAliveToken : CloseToken);
    }

    /// <summary>
    /// response.end(): always Content-Length; keep-alive only if <paramref name="keepAlive"/>
    /// (an error from 400 says close) and the connection may.
    /// </summary>
    public ResponseFrame ForEnd(bool keepAlive)
    {
        if (!(keepAlive && MayKeepAlive))
        {
            _keepAlive = false;
        }

        return new ResponseFrame(BodyFraming.ContentLength, BodyFollows(context.Response.IsNoContent), _keepAlive ? KeepAliveToken : CloseToken);
    }

    /// <summary>
    /// A streamed body (SSE, sendfile, the WebSocket 101), as Tremolo's first write() frames it:
    /// chunked on HTTP/1.1 unless told, else the Content-Length set among the headers, else the
    /// body ends with the connection (which Tremolo still announces as keep-alive). 101 and 426
    /// say upgrade. A head with no body after it (HEAD, no-content) ends the connection, as in Tremolo.
    /// </summary>
    public ResponseFrame ForStream(bool? chunked)
    {
        var response = context.Response;
        var status = response.Status;
        var noContent = response.IsNoContent;
        var isChunked = chunked ?? (context.Head.IsHttp11 && !noContent);
        var hasLength = response.Headers.Contains("Content-Length");
        string connection;
        if (!MayKeepAlive)
        {
            _keepAlive = false;
            connection = CloseToken;
        }
        else
        {
            if (status != 101 && !isChunked && !hasLength)
            {
                _keepAlive = false;
            }

            connection = status is 101 or 426 ? UpgradeToken : KeepAliveToken;
        }

        var follows = BodyFollows(noContent);
        if (!follows && status is not (101 or 426))
        {
            _keepAlive = false;
        }

        var body = isChunked ? BodyFraming.Chunked
            : hasLength ? BodyFraming.ContentLength
            : follows ? BodyFraming.UntilClose
            : BodyFraming.None;
        return new ResponseFrame(body, follows, connection);
    }

    private bool BodyFollows(bool noContent) => !(context.Head.IsHead || noContent);

    internal const string KeepAliveToken = "keep-alive";
    private const string CloseToken = "close";
    private const string UpgradeToken = "upgrade";
}

/// <summary>How a response body is delimited (RFC 9112 6.3).</summary>
internal enum BodyFraming
{
    /// <summary>Neither length nor chunking announced: a no-content status.</summary>
    None,
    ContentLength,
    Chunked,

    /// <summary>Close-delimited: the body ends when the connection does.</summary>
    UntilClose,
}

/// <summary>
/// A response's framing as <see cref="ResponseFraming"/> decided it: how the body is
/// delimited, whether one follows the head at all (not for HEAD or a no-content status),
/// and the Connection header's value.
/// </summary>
internal readonly record struct ResponseFrame(BodyFraming Body, bool BodyFollows, string Connection)
{
    public bool IsChunked => Body == BodyFraming.Chunked;

    public bool SaysKeepAlive => Connection == ResponseFraming.KeepAliveToken;
}
