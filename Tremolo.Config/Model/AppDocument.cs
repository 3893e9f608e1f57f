namespace Tremolo.Config.Model;

/// <summary>A loaded tremolo.yaml: the root app, its server options (after layering) and listeners.</summary>
public sealed record AppDocument(
    string Path,
    ServerOptions Server,
    IReadOnlyList<ListenModel> Listen,
    AppModel App,
    IReadOnlyList<string> WatchedFiles)
{
    /// <summary>Where the server's `ssl` was set (YAML position, TREMOLO_SSL_* or --ssl-*), for errors loading it.</summary>
    public SourceLocation? SslLocation { get; init; }
}
