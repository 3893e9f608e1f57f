using Tremolo.Config.Model;
using Tremolo.Config.Routing;

namespace Tremolo.Server.App;

/// <summary>
/// Picks the middleware for a path as Tremolo does: the app mounted at the longest
/// prefix of the path's segments that has middleware of its own, else the root app's.
/// </summary>
internal sealed class MiddlewareSelector
{
    private readonly Dictionary<string, MiddlewareModel> _scopes;
    private readonly int _deepest;

    public MiddlewareSelector(IReadOnlyList<MiddlewareScope> scopes)
    {
        _scopes = scopes.ToDictionary(s => string.Join('/', s.PrefixParts), s => s.Middleware, StringComparer.Ordinal);
        _deepest = scopes.Count == 0 ? 0 : scopes.Max(s => s.PrefixParts.Count);
    }

    public MiddlewareModel For(string path)
    {
        if (_scopes.Count <= 1)
        {
            return _scopes.TryGetValue("", out var root) ? root : MiddlewareModel.Empty;
        }

        var parts = path.Trim('/').Split('/');
        for (var length = Math.Min(parts.Length, _deepest); length > 0; length--)
        {
            if (_scopes.TryGetValue(string.Join('/', parts, 0, length), out var scoped))
            {
                return scoped;
            }
        }

        return _scopes.TryGetValue("", out var fallback) ? fallback : MiddlewareModel.Empty;
    }
}
