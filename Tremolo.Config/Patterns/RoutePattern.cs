using System.Text.RegularExpressions;
using Tremolo.Templates;

namespace Tremolo.Config.Patterns;

/// <summary>
/// Tremolo's route path rules (routes.py add and tremolo.py mount): which paths are
/// regexes and the pattern each route is finally matched with.
/// </summary>
public static class RoutePattern
{
    /// <summary>What every path match accepts after it: an optional query string.</summary>
    public const string QuerySuffix = "(?:\\?.*)?$";

    /// <summary>
    /// How long a route regex that needs backtracking may run on one request. Paths are at most
    /// client_max_header_size, so an honest match takes microseconds; past this the pattern is
    /// being driven into catastrophic backtracking.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>A final route pattern (.NET syntax), linear-time when it allows, else compiled with <see cref="MatchTimeout"/>.</summary>
    public static Regex Compile(string pattern) => BoundedRegex.Create(pattern, Options, MatchTimeout, RegexOptions.Compiled);

    /// <summary>True when the pattern (.NET syntax) can only be matched by backtracking.</summary>
    public static bool NeedsBacktracking(string pattern) => BoundedRegex.NeedsBacktracking(pattern, Options);

    /// <summary>A path starting with ^ or ending with $ is a regex.</summary>
    public static bool IsRegex(string path) => path.StartsWith('^') || path.EndsWith('$');

    /// <summary>A regex path's pattern (Python syntax): a trailing $ also lets a query string follow.</summary>
    public static string OfRegex(string path) =>
        path.EndsWith('$') ? path.TrimEnd('$') + QuerySuffix : path;

    /// <summary>A plain path as Tremolo keys it: query cut, slashes trimmed ("" for '/').</summary>
    public static string PlainKey(string path) => path.Split('?', 2)[0].Trim('/');

    /// <summary>The regex Tremolo gives a plain path once its app is mounted (before the prefix).</summary>
    public static string OfPlain(string plainKey) =>
        plainKey.Length == 0 ? "^/+" + QuerySuffix : "^/+" + plainKey + "(?:/+)?" + QuerySuffix;

    /// <summary>app.mount(prefix, app): a route pattern of the mounted app under the prefix.</summary>
    public static string UnderPrefix(string prefix, string pattern)
    {
        var bare = pattern.TrimStart('^');
        return bare.StartsWith('/') ? "^" + prefix + bare : "^" + prefix + "/.*" + bare;
    }
}
