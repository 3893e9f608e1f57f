namespace Tremolo.Templates;

/// <summary>The bounds every render and condition runs under; past one it stops with <see cref="TemplateLimitException"/>.</summary>
public static class TemplateLimits
{
    /// <summary>Iterations of all loops and internal array work nested in one statement.</summary>
    public const int LoopLimit = 10_000;

    /// <summary>Depth of nested function calls.</summary>
    public const int RecursiveLimit = 100;

    /// <summary>Characters of rendered output, and of any one string a template builds.</summary>
    public const int OutputLimit = 1048576;

    /// <summary>Wall-clock time of one render, checked at every loop step.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(2);

    /// <summary>Time any one regular expression of the builtins may run.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(500);
}
