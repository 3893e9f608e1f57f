using Tremolo.Config.Loading;
using Tremolo.Config.Model;

namespace Tremolo.Server.Hosting;

/// <summary>
/// How the running app was loaded (CONFIG, the CLI flags, the environment), so a reload
/// layers the options exactly as the start did.
/// </summary>
public sealed record ReloadSource(string ConfigPath, IReadOnlyList<string> Flags, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Applied to every document loaded (a worker puts its supervisor's ports in).</summary>
    public Func<AppDocument, AppDocument>? Adjust { get; init; }

    public LoadResult Load()
    {
        var result = ConfigLoader.Load(ConfigPath, Flags, Environment);
        return result.Document is { } document && Adjust is { } adjust ? result with { Document = adjust(document) } : result;
    }
}
