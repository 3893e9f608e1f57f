using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>The loaded document, or null when <see cref="Errors"/> is not empty; <see cref="Warnings"/> never stop a load.</summary>
public sealed record LoadResult(AppDocument? Document, IReadOnlyList<ConfigError> Errors)
{
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}
