using System.Text.RegularExpressions;
using Tremolo.Config.Model;
using Tremolo.Config.Patterns;
using Tremolo.Config.Routing;
using Tremolo.Server.Files;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// Tremolo's route lookup: plain paths first (trailing and repeated slashes and the query
/// ignored), then regexes matched against request.url; later routes win; a class-based
/// view (methods:) that lacks the method lets the search go on and ends in 405.
/// </summary>
internal sealed class Router
{
    private readonly Dictionary<string, ResolvedRoute[]> _plain;
    private readonly Dictionary<string, ResolvedRoute[]>.AlternateLookup<ReadOnlySpan<char>> _plainBySpan;
    private readonly ResolvedRoute[] _regex;
    private readonly (ResolvedRoute Route, Regex Pattern)[] _prefix;
    private readonly Dictionary<DirectoryBody, DirectoryResolver> _directories;
    private readonly HashSet<object> _literal;

    public Router(IReadOnlyList<ResolvedRoute> routes)
    {
        // A plain `directory:` route serves everything below its path, so it matches as a prefix.
        _prefix = routes.Where(r => r.PlainPath is not null && IsDirectory(r))
            .Select(r => (Route: r, Pattern: RoutePattern.Compile(r.PlainPath!.Length == 0 ? "^/[^?]*(?:\\?.*)?$" : $"^/+{Regex.Escape(r.PlainPath)}(?:/[^?]*)?(?:\\?.*)?$")))
            .ToArray();
        _directories = routes.Select(r => r.Route.Response?.Body).OfType<DirectoryBody>().Distinct()
            .ToDictionary(d => d, d => new DirectoryResolver(d.FullPath));
        _plain = routes.Where(r => r.PlainPath is not null && !IsDirectory(r))
            .GroupBy(r => r.PlainPath!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Order).ToArray(), StringComparer.Ordinal);
        _plainBySpan = _plain.GetAlternateLookup<ReadOnlySpan<char>>();
        _regex = routes.Where(r => r.Pattern is not null).OrderByDescending(r => r.Order).ToArray();
        HasRoot = _plain.ContainsKey("");
        _literal = routes.Where(r => r.Route is { WebSocket: null, Sse: null })
            .SelectMany(r => r.Route.Methods.Values.Append(r.Route.Response))
            .OfType<ResponseModel>()
            .Where(r => r.Body is LiteralBody && r.Headers.All(h => h.Value.IsConstant) && r.Cookies.All(c => c.Value.IsConstant))
            .ToHashSet<object>(ReferenceEqualityComparer.Instance);
    }

    /// <summary>True when the app defines '/' itself (else Tremolo's built-in index answers 503).</summary>
    public bool HasRoot { get; }

    /// <summary>
    /// The route a plain path selects, found by dictionary alone (no regex runs), or none;
    /// <paramref name="allowed"/> collects the methods of plain routes that lack the request's.
    /// When this finds none, <see cref="MatchBeyondPlain"/> goes on from there.
    /// </summary>
    public RouteMatch MatchPlain(HttpRequestHead head, ref SortedSet<string>? allowed) =>
        MatchPlain(head, MethodKey(head), ref allowed);

    /// <summary>
    /// True for a response whose answer costs the same whatever the request: a literal body
    /// with constant headers and cookies on a route that is neither WebSocket nor SSE.
    /// </summary>
    public bool IsLiteral(ResponseModel response) => _literal.Contains(response);

    /// <summary>
    /// The rest of the search after <see cref="MatchPlain"/> found nothing: directory prefixes,
    /// then regexes; <paramref name="allowed"/> is what the plain search collected.
    /// </summary>
    public RouteMatch MatchBeyondPlain(HttpRequestHead head, SortedSet<string>? allowed)
    {
        var method = MethodKey(head);
        var url = head.Url;
        foreach (var (route, pattern) in _prefix)
        {
            if (pattern.IsMatch(url) && TrySelect(route, method, ref allowed, out var response))
            {
                return new RouteMatch(route, response, null, null);
            }
        }

        foreach (var route in _regex)
        {
            Match match;
            try
            {
                match = route.Pattern!.Match(url);
            }
            catch (RegexMatchTimeoutException)
            {
                // Only a pattern that needs backtracking has a timeout (RoutePattern.Compile).
                return new RouteMatch(null, null, null, null, TimedOut: route);
            }

            if (!match.Success || !TrySelect(route, method, ref allowed, out var response))
            {
                continue;
            }

            var groups = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in match.Groups.Values)
            {
                if (group.Success && !char.IsAsciiDigit(group.Name[0]))
                {
                    groups[group.Name] = group.Value;
                }
            }

            return new RouteMatch(route, response, groups, null);
        }

        if (allowed is not null)
        {
            return new RouteMatch(null, null, null, string.Join(", ", allowed));
        }

        return default;
    }

    /// <summary>
    /// True when a GET or HEAD whose path has no trailing '/' would match a regex route with
    /// one (a mounted app's index `^/admin/+...`): the request is then redirected there.
    /// </summary>
    public bool MatchesWithTrailingSlash(HttpRequestHead head)
    {
        if (head.Method is not ("GET" or "HEAD") || head.Path.EndsWith('/') || _regex.Length == 0)
        {
            return false;
        }

        var url = string.Concat(head.Path, "/", head.Url.AsSpan(head.Path.Length));
        foreach (var route in _regex)
        {
            try
            {
                if (route.Pattern!.IsMatch(url))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A backtracking pattern driven past its timeout: no redirect on its account.
            }
        }

        return false;
    }

    private RouteMatch MatchPlain(HttpRequestHead head, string? method, ref SortedSet<string>? allowed)
    {
        if (_plainBySpan.TryGetValue(head.Path.AsSpan().Trim('/'), out var plain))
        {
            foreach (var route in plain)
            {
                if (TrySelect(route, method, ref allowed, out var response))
                {
                    return new RouteMatch(route, response, null, null);
                }
            }
        }

        return default;
    }

    /// <summary>The resolver of a `directory:` body (one per folder, made at load).</summary>
    public DirectoryResolver Directory(DirectoryBody body) => _directories[body];

    private static bool IsDirectory(ResolvedRoute route) => route.Route.Response?.Body is DirectoryBody;

    /// <summary>
    /// The methods: key a request uses; HEAD is served by get, as in Tremolo's class-based views.
    /// Methods are case-sensitive (RFC 9110 9.1): `get` names no view, so a route with methods: answers 405 as Tremolo does.
    /// </summary>
    private static string? MethodKey(HttpRequestHead head) => head.Method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        "OPTIONS" => "options",
        var other when !other.Any(char.IsAsciiLetterLower) => other.ToLowerInvariant(),
        _ => null,
    };

    private static bool TrySelect(ResolvedRoute route, string? method, ref SortedSet<string>? allowed, out ResponseModel? response)
    {
        if (route.Route.Methods.Count == 0)
        {
            response = route.Route.Response;
            return true;
        }

        allowed ??= new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in route.Route.Methods.Keys)
        {
            allowed.Add(name.ToUpperInvariant());
        }

        response = null;
        return method is not null && route.Route.Methods.TryGetValue(method, out response);
    }
}

/// <summary>
/// A found route (and the RESPONSE for the method), or the Allow list of a 405, or the route
/// whose regex ran past its match timeout, or nothing (404).
/// </summary>
internal readonly record struct RouteMatch(ResolvedRoute? Route, ResponseModel? Response, IReadOnlyDictionary<string, string>? Params, string? Allow, ResolvedRoute? TimedOut = null);
