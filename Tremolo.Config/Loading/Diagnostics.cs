using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>Every error found while loading; loading goes on after each so all are reported. Warnings do not stop a load.</summary>
internal sealed class Diagnostics
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    /// <summary>Legal but probably not what was meant (e.g. two routes with one path), in the order found.</summary>
    public IReadOnlyList<ConfigError> Warnings => _warnings;

    /// <summary>The errors by file (in the order files were first named), then line and column; sources without lines last.</summary>
    public IReadOnlyList<ConfigError> Errors
    {
        get
        {
            var files = _errors.Select(e => e.Location.File).Distinct().ToList();
            return [.. _errors.OrderBy(e => e.Location.Line == 0).ThenBy(e => files.IndexOf(e.Location.File))
                .ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column)];
        }
    }

    public bool HasErrors => _errors.Count > 0;

    public void Add(SourceLocation location, string message) => _errors.Add(new ConfigError(location, message));

    public void Warn(SourceLocation location, string message) => _warnings.Add(new ConfigError(location, message));
}
