namespace Tremolo.Config.Model;

/// <summary>
/// A position in a config or template file (1-based line and column). A location with
/// line 0 names a source that has no lines: an environment variable or a CLI flag.
/// </summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A whole source without a position (TREMOLO_PORT, --port, a missing file).</summary>
    public static SourceLocation Of(string source) => new(source, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
