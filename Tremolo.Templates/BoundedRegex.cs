using System.Text.RegularExpressions;

namespace Tremolo.Templates;

/// <summary>
/// Regexes that match client data (route paths, template `regex.*`): linear time
/// (<see cref="RegexOptions.NonBacktracking"/>) when the pattern allows, else backtracking
/// bounded by a match timeout. Backreferences, lookarounds, atomic groups and conditionals
/// need backtracking; .NET tells by refusing to build the linear engine, so that is the test.
/// </summary>
public static class BoundedRegex
{
    /// <summary>The linear engine, or null when the pattern needs backtracking (or does not compile).</summary>
    public static Regex? TryLinear(string pattern, RegexOptions options, TimeSpan timeout)
    {
        try
        {
            // The timeout stays as a second bound: building the automaton for a huge pattern is lazy and costs too.
            return new Regex(pattern, options | RegexOptions.NonBacktracking, timeout);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The linear engine when possible, else <paramref name="fallback"/> options (e.g. Compiled) with the timeout.</summary>
    public static Regex Create(string pattern, RegexOptions options, TimeSpan timeout, RegexOptions fallback = RegexOptions.None) =>
        TryLinear(pattern, options, timeout) ?? new Regex(pattern, options | fallback, timeout);

    /// <summary>True when the pattern compiles only with backtracking (its matches then run under the timeout).</summary>
    public static bool NeedsBacktracking(string pattern, RegexOptions options) =>
        TryLinear(pattern, options, Regex.InfiniteMatchTimeout) is null;
}
