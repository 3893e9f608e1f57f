namespace Tremolo.Config.Model;

/// <summary>One config mistake, printed as FILE:LINE:COL: message.</summary>
public sealed record ConfigError(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
