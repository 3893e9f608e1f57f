using Tremolo.Config.Model;
using Tremolo.Config.Routing;

namespace Tremolo.Server.App;

/// <summary>
/// Picks the middleware for a path as Tremolo does: the app mounted at the longest
/// prefix of the path's segments that has middleware of its own, else the root app's.
/// </summary>
internal sealed class MiddlewareSelector
{
    private readonly Dictionary<string, MiddlewareModel>.AlternateLookup<ReadOnlySpan<char>> _scopes;
    private readonly MiddlewareModel _root;
    private readonly int _deepest;

    public MiddlewareSelector(IReadOnlyList<MiddlewareScope> scopes)
    {
        var byPrefix = scopes.ToDictionary(s => string.Join('/', s.PrefixParts), s => s.Middleware, StringComparer.Ordinal);
        _scopes = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        _root = byPrefix.GetValueOrDefault("") ?? MiddlewareModel.Empty;
        _deepest = byPrefix.Count <= 1 ? 0 : scopes.Max(s => s.PrefixParts.Count);
    }

    /// <summary>
    /// Looks the path's leading segments up as slices of the path itself (a prefix of N segments
    /// joined by '/' is the path's own text up to the Nth '/'), so no string is built per request.
    /// </summary>
    public MiddlewareModel For(string path)
    {
        if (_deepest == 0)
        {
            return _root;
        }

        var prefix = Leading(path.AsSpan().Trim('/'), _deepest);
        while (true)
        {
            if (_scopes.TryGetValue(prefix, out var scoped))
            {
                return scoped;
            }

            var cut = prefix.LastIndexOf('/');
            if (cut < 0)
            {
                return _root;
            }

            prefix = prefix[..cut];
        }
    }

    /// <summary>The first <paramref name="count"/> '/'-separated segments of <paramref name="path"/>.</summary>
    private static ReadOnlySpan<char> Leading(ReadOnlySpan<char> path, int count)
    {
        var end = -1;
        for (var seen = 0; seen < count; seen++)
        {
            var next = path[(end + 1)..].IndexOf('/');
            if (next < 0)
            {
                return path;
            }

            end += next + 1;
        }

        return path[..end];
    }
}
