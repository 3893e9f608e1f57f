using System.Text.RegularExpressions;
using Tremolo.Config.Model;

namespace Tremolo.Config.Routing;

/// <summary>Flattens mounts into one route table (interim version; the config issue replaces it).</summary>
public static class RouteTableBuilder
{
    public static RouteTable Build(AppModel root)
    {
        var routes = new List<ResolvedRoute>();
        var scopes = new List<MiddlewareScope> { new([], root.Middleware) };
        foreach (var route in root.Routes)
        {
            routes.Add(route.Pattern is null
                ? new ResolvedRoute(route, route.Path, route.Path.Split('?')[0].Trim('/'), null, routes.Count, "")
                : new ResolvedRoute(route, route.Path, null, new Regex(route.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), routes.Count, ""));
        }

        return new RouteTable(routes, scopes, root.Errors);
    }
}
