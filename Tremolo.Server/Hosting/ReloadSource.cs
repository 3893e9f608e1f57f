using Tremolo.Config.Loading;

namespace Tremolo.Server.Hosting;

/// <summary>
/// How the running app was loaded (CONFIG, the CLI flags, the environment), so a reload
/// layers the options exactly as the start did.
/// </summary>
public sealed record ReloadSource(string ConfigPath, IReadOnlyList<string> Flags, IReadOnlyDictionary<string, string?> Environment)
{
    public LoadResult Load() => ConfigLoader.Load(ConfigPath, Flags, Environment);
}
