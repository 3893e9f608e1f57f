using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>The loaded document, or null when <see cref="Errors"/> is not empty.</summary>
public sealed record LoadResult(AppDocument? Document, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>What check and serve print as FILE:LINE:COL: warning: message; they do not make the config invalid.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];
}
