using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// The app's lookups for the request a connection is serving, made once each: the
/// middleware of the path and the plain-route search that sizing the request
/// (<see cref="AppRuntime.IsCheap"/>) already ran, so answering it does not search again.
/// One per connection, reset per request.
/// </summary>
internal sealed class AppRequestState : IAppRequestState
{
    private MiddlewareModel? _middleware;
    private bool _plainSearched;
    private RouteMatch _plain;
    private SortedSet<string>? _allowed;

    public static AppRequestState Of(HttpContext context) => (AppRequestState)(context.AppState ??= new AppRequestState());

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
        RouteEncode = null;
    }
}
