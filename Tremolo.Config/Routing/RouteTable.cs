using System.Text.RegularExpressions;
using Tremolo.Config.Model;

namespace Tremolo.Config.Routing;

/// <summary>The app's routes with mounts applied, as the engine matches them.</summary>
public sealed record RouteTable(
    IReadOnlyList<ResolvedRoute> Routes,
    IReadOnlyList<MiddlewareScope> Middleware,
    IReadOnlyDictionary<int, ResponseModel> Errors);

/// <summary>A route with its mount prefix applied: a plain root path, or a final regex.</summary>
public sealed record ResolvedRoute(RouteModel Route, string Display, string? PlainPath, Regex? Pattern, int Order, string MountPrefix);

/// <summary>The middleware of the app mounted at the path prefix <see cref="PrefixParts"/> (empty: the root app).</summary>
public sealed record MiddlewareScope(IReadOnlyList<string> PrefixParts, MiddlewareModel Middleware);
