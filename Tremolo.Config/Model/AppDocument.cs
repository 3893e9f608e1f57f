namespace Tremolo.Config.Model;

/// <summary>A loaded tremolo.yaml: the root app, its server options (after layering) and listeners.</summary>
public sealed record AppDocument(
    string Path,
    ServerOptions Server,
    IReadOnlyList<ListenModel> Listen,
    AppModel App,
    IReadOnlyList<string> WatchedFiles);
