using Tremolo.Config.Model;
using Tremolo.Config.Patterns;

namespace Tremolo.Config.Routing;

/// <summary>
/// Flattens an app and its mounts into one table the way Tremolo's app.mount() does:
/// root plain routes stay plain; every route of a mounted app becomes a regex under the
/// prefix, in the order mount() moves them (plain-path groups last-created first, then
/// regexes and nested mounts, then the app's '/' or Tremolo's built-in 503 index).
/// </summary>
public static class RouteTableBuilder
{
    public static RouteTable Build(AppModel root)
    {
        var routes = new List<ResolvedRoute>();
        foreach (var route in root.Routes)
        {
            if (route.Pattern is null)
            {
                var key = RoutePattern.PlainKey(route.Path);
                routes.Add(new ResolvedRoute(route, "/" + key, key, null, routes.Count, ""));
            }
            else
            {
                routes.Add(new ResolvedRoute(route, route.Pattern, null, RoutePattern.Compile(route.Pattern), routes.Count, ""));
            }
        }

        var scopes = new List<MiddlewareScope> { new([], root.Middleware) };
        foreach (var mount in root.Mounts)
        {
            foreach (var (route, pattern, prefix) in Mounted(mount))
            {
                routes.Add(new ResolvedRoute(route, pattern, null, RoutePattern.Compile(pattern), routes.Count, prefix));
            }

            AddScopes(scopes, [], mount);
        }

        return new RouteTable(routes, scopes, root.Errors);
    }

    /// <summary>The routes of a mounted app, as regexes under its prefix, in mount() order.</summary>
    private static IEnumerable<(RouteModel Route, string Pattern, string Prefix)> Mounted(MountModel mount)
    {
        var plainGroups = new List<(string Key, List<(RouteModel, string, string)> Routes)>();
        var regexes = new List<(RouteModel, string, string)>();
        (RouteModel, string, string)? index = null;
        foreach (var route in mount.App.Routes)
        {
            if (route.Pattern is not null)
            {
                regexes.Add((route, route.Pattern, ""));
                continue;
            }

            var key = RoutePattern.PlainKey(route.Path);
            var pattern = PythonRegex.ToDotNet(RoutePattern.OfPlain(key));
            if (key.Length == 0)
            {
                // Tremolo keeps one '/' handler per app: a later one replaces the earlier.
                index = (route, pattern, "");
                continue;
            }

            // Tremolo groups plain paths by segment count and first segment.
            var parts = key.Split('/');
            var group = $"{parts.Length}/{parts[0]}";
            var existing = plainGroups.FindIndex(g => g.Key == group);
            if (existing < 0)
            {
                plainGroups.Add((group, [(route, pattern, "")]));
            }
            else
            {
                plainGroups[existing].Routes.Add((route, pattern, ""));
            }
        }

        foreach (var nested in mount.App.Mounts)
        {
            regexes.AddRange(Mounted(nested).Select(m => (m.Route, m.Pattern, m.Prefix)));
        }

        var ordered = Enumerable.Reverse(plainGroups).SelectMany(g => g.Routes)
            .Concat(regexes)
            .Append(index ?? (BuiltinIndex(mount), PythonRegex.ToDotNet(RoutePattern.OfPlain("")), ""));
        var prefix = PythonRegex.ToDotNet(mount.Prefix);
        foreach (var (route, pattern, inner) in ordered)
        {
            yield return (route, RoutePattern.UnderPrefix(prefix, pattern), mount.Prefix + inner);
        }
    }

    /// <summary>Tremolo's index handler every app starts with: 503 Service Unavailable.</summary>
    private static RouteModel BuiltinIndex(MountModel mount)
    {
        var response = new ResponseModel(new LiteralBody("Service Unavailable"), 503, "Service Unavailable", null, [], [], mount.Location);
        return new RouteModel("/", null, response, new Dictionary<string, ResponseModel>(), null, null, HandlerOptions.Default, mount.Location)
        {
            IsBuiltinIndex = true,
        };
    }

    /// <summary>add_middleware(prefix=...): a mounted app's rules apply under its prefix's segments.</summary>
    private static void AddScopes(List<MiddlewareScope> scopes, IReadOnlyList<string> outer, MountModel mount)
    {
        var parts = outer.Concat(mount.Prefix.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (!mount.App.Middleware.IsEmpty)
        {
            var at = scopes.FindIndex(s => s.PrefixParts.SequenceEqual(parts));
            if (at < 0)
            {
                scopes.Add(new MiddlewareScope(parts, mount.App.Middleware));
            }
            else
            {
                // Two apps at the same prefix share one list, in mount order.
                var merged = scopes[at].Middleware;
                scopes[at] = scopes[at] with
                {
                    Middleware = new MiddlewareModel([.. merged.Request, .. mount.App.Middleware.Request], [.. merged.Response, .. mount.App.Middleware.Response]),
                };
            }
        }

        foreach (var nested in mount.App.Mounts)
        {
            AddScopes(scopes, parts, nested);
        }
    }
}
