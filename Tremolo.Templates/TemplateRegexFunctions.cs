using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;

namespace Tremolo.Templates;

/// <summary>
/// The `regex` builtins (escape, match, matches, replace, split, unescape) with Scriban's
/// signatures, but built by <see cref="BoundedRegex"/>: linear time where the pattern allows,
/// <see cref="TemplateLimits.RegexTimeout"/> otherwise. Built regexes are cached by pattern and
/// options, since a template passes the same literal pattern on every render.
/// </summary>
internal sealed class TemplateRegexFunctions : ScriptObject
{
    private const int MaxCached = 256;
    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options), Regex> Cache = new();

    public static string Escape(string pattern) => Regex.Escape(pattern);

    public static string Unescape(string pattern) => Regex.Unescape(pattern);

    public static ScriptArray Match(TemplateContext context, string text, string pattern, string? options = null)
    {
        var groups = new ScriptArray();
        var match = Get(pattern, options).Match(text);
        if (match.Success)
        {
            foreach (Group group in match.Groups)
            {
                groups.Add(group.Value);
            }
        }

        return groups;
    }

    public static ScriptArray Matches(TemplateContext context, string text, string pattern, string? options = null)
    {
        var all = new ScriptArray();
        foreach (Match match in Get(pattern, options).Matches(text))
        {
            var groups = new ScriptArray();
            foreach (Group group in match.Groups)
            {
                groups.Add(group.Value);
            }

            all.Add(groups);
        }

        return all;
    }

    public static string Replace(TemplateContext context, string text, string pattern, string replace, string? options = null) =>
        Get(pattern, options).Replace(text, replace);

    public static ScriptArray Split(TemplateContext context, string text, string pattern, string? options = null) =>
        new(Get(pattern, options).Split(text));

    private static Regex Get(string pattern, string? options)
    {
        var key = (pattern, Options(options));
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (Cache.Count >= MaxCached)
        {
            // Patterns built from request data could grow the cache without end.
            Cache.Clear();
        }

        return Cache[key] = BoundedRegex.Create(pattern, key.Item2, TemplateLimits.RegexTimeout);
    }

    /// <summary>Scriban's option letters: i, m, s, x.</summary>
    private static RegexOptions Options(string? letters)
    {
        var options = RegexOptions.None;
        foreach (var letter in letters ?? "")
        {
            options |= letter switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                'x' => RegexOptions.IgnorePatternWhitespace,
                _ => RegexOptions.None,
            };
        }

        return options;
    }
}
