using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>Every error found while loading; loading goes on after each so all are reported.</summary>
internal sealed class Diagnostics
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(SourceLocation location, string message) => _errors.Add(new ConfigError(location, message));
}
