using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// What the app keeps on a connection's context: the server options it answers under, the
/// request and response as templates see them, and per request its lookups, made once each:
/// the middleware of the path and the plain-route search that sizing the request
/// (<see cref="AppRuntime.IsCheap"/>) already ran, so answering it does not search again, and
/// the template scope. One per connection, reset per request.
/// </summary>
internal sealed class AppRequestState(HttpContext context, ServerOptions options) : IAppRequestState
{
    private MiddlewareModel? _middleware;
    private bool _plainSearched;
    private RouteMatch _plain;
    private SortedSet<string>? _allowed;
    private TemplateRequest? _request;
    private ResponseView? _response;

    /// <summary>The state on <paramref name="context"/>, made on its connection's first request (by the app's entry points).</summary>
    public static AppRequestState For(HttpContext context, ServerOptions options) =>
        (AppRequestState)(context.AppState ??= new AppRequestState(context, options));

    /// <summary>The state an entry point of the app made for the request being answered.</summary>
    public static AppRequestState Of(HttpContext context) => (AppRequestState)context.AppState!;

    public ServerOptions Options { get; } = options;

    /// <summary>The request as templates see it.</summary>
    public IRequestData Request => _request ??= new TemplateRequest(context, Options);

    /// <summary>The response as response rules and error pages see it.</summary>
    public IResponseData Response => _response ??= new ResponseView(context.Response);

    /// <summary>The template scope of this request, made on first use (see RenderContext).</summary>
    public RenderScope? Scope { get; set; }

    /// <summary>
    /// The matched route's own `encode` list once a route is matched (null: the server's):
    /// the answers response.end() gives while serving it (error pages, redirects, response
    /// rules) are encoded under it, as its bodies are.
    /// </summary>
    public IReadOnlyList<string>? RouteEncode { get; set; }

    public MiddlewareModel Middleware(MiddlewareSelector selector, string path) => _middleware ??= selector.For(path);

    /// <summary>The route a plain path selects (a dictionary lookup), or none.</summary>
    public RouteMatch PlainRoute(Router router, HttpRequestHead head)
    {
        if (!_plainSearched)
        {
            _plain = router.MatchPlain(head, ref _allowed);
            _plainSearched = true;
        }

        return _plain;
    }

    /// <summary>The request's route: the plain one, else the search goes on to prefixes and regexes.</summary>
    public RouteMatch Route(Router router, HttpRequestHead head) =>
        PlainRoute(router, head) is { Route: not null } plain ? plain : router.MatchBeyondPlain(head, _allowed);

    public void Reset()
    {
        _middleware = null;
        _plainSearched = false;
        _plain = default;
        _allowed = null;
        Scope = null;
        RouteEncode = null;
    }
}
