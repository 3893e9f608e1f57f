using System.Text;
using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>
/// request: Tremolo's request attributes derived from the raw request on first read and
/// kept for the other templates and conditions of the same request.
/// </summary>
internal sealed class RequestObject(IRequestData request) : FixedMembersScriptObject(Members)
{
    private static readonly string[] Members =
    [
        "method", "url", "path", "query_string", "version", "scheme", "host", "ip",
        "client", "headers", "query", "cookies", "form", "body", "params",
    ];

    private FieldMap? _headers;
    private FieldMap? _query;
    private FieldMap? _cookies;
    private FieldMap? _form;
    private string? _body;
    private string? _path;
    private string? _queryString;
    private FieldListsObject? _headersObject;
    private FieldListsObject? _queryObject;
    private FieldListsObject? _cookiesObject;
    private FieldListsObject? _formObject;
    private ClientObject? _client;
    private ParamsObject? _params;

    public FieldMap Headers => _headers ??= HeaderMap();

    public FieldMap Query => _query ??= QueryStringParser.Parse(QueryString);

    public FieldMap Cookies => _cookies ??= CookieHeaderParser.Parse(request.Headers);

    public FieldMap Form => _form ??= FormParser.Parse(request.Headers, BodyBytes);

    public ClientObject Client => _client ??= new ClientObject(request.ClientHost, request.ClientPort);

    public ParamsObject Params => _params ??= new ParamsObject(request.Params);

    /// <summary>The url before the first '?'.</summary>
    public string Path => _path ??= SplitUrl().Path;

    /// <summary>The url after the first '?', or empty.</summary>
    public string QueryString => _queryString ??= SplitUrl().Query;

    /// <summary>The first X-Forwarded-Host (from a trusted peer), else Host, else empty (Tremolo's request.host).</summary>
    public string Host => Forwarded("x-forwarded-host") ?? FirstHeader("host") ?? "";

    /// <summary>X-Forwarded-Proto (stripped, from a trusted peer) when not empty, else https on TLS, else http.</summary>
    public string Scheme
    {
        get
        {
            var forwarded = PyText.Strip(Forwarded("x-forwarded-proto") ?? "");
            return forwarded.Length > 0 ? forwarded : request.IsSecure ? "https" : "http";
        }
    }

    /// <summary>
    /// The part before the first comma of the first X-Forwarded-For from a trusted peer (stripped
    /// as a whole, not after the split, as Tremolo does), else the socket peer.
    /// </summary>
    public string Ip
    {
        get
        {
            var forwarded = PyText.Strip(Forwarded("x-forwarded-for") ?? "");
            if (forwarded.Length == 0)
            {
                return request.ClientHost;
            }

            var comma = forwarded.IndexOf(',');
            return comma < 0 ? forwarded : forwarded[..comma];
        }
    }

    /// <summary>An X-Forwarded-* value, only from a peer in forwarded_allow_ips (anyone could send one).</summary>
    private string? Forwarded(string name) => request.TrustsForwardedHeaders ? FirstHeader(name) : null;

    /// <summary>The body as UTF-8 text, invalid bytes as U+FFFD (Python's errors='replace').</summary>
    public string Body => _body ??= Encoding.UTF8.GetString(BodyBytes);

    private ReadOnlySpan<byte> BodyBytes => request.Body is { } body ? body.Span : default;

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member switch
        {
            "method" => request.Method,
            "url" => request.Url,
            "path" => Path,
            "query_string" => QueryString,
            "version" => request.Version,
            "scheme" => Scheme,
            "host" => Host,
            "ip" => Ip,
            "client" => Client,
            "headers" => _headersObject ??= new FieldListsObject(Headers),
            "query" => _queryObject ??= new FieldListsObject(Query),
            "cookies" => _cookiesObject ??= new FieldListsObject(Cookies),
            "form" => _formObject ??= new FieldListsObject(Form),
            "body" => Body,
            "params" => Params,
            _ => null,
        };
        return value is not null;
    }

    private (string Path, string Query) SplitUrl()
    {
        var url = request.Url;
        var mark = url.IndexOf('?');
        return mark < 0 ? (url, "") : (url[..mark], url[(mark + 1)..]);
    }

    private string? FirstHeader(string name)
    {
        foreach (var (key, value) in request.Headers)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    private FieldMap HeaderMap()
    {
        var headers = new FieldMap();
        foreach (var (name, value) in request.Headers)
        {
            headers.Add(name, value);
        }

        return headers;
    }
}
