using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>The loaded document, or null when <see cref="Errors"/> is not empty.</summary>
public sealed record LoadResult(AppDocument? Document, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
