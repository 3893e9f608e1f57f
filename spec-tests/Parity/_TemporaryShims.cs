// TEMPORARY: stands in for Tremolo.Config.ConfigLoader (being written on another branch) so the
// parity branch compiles. The lead deletes this file at merge.
using Tremolo.Config.Model;

namespace Tremolo.Config;

public sealed record ConfigLoadResult(AppDocument? Document, IReadOnlyList<ConfigError> Errors);

public static class ConfigLoader
{
    public static ConfigLoadResult Load(string path, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
        => throw new NotImplementedException($"ConfigLoader is not merged yet ({path}, {args.Count} args, {environment.Count} env)");
}
