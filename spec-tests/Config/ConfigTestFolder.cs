using Tremolo.Config.Loading;

namespace Tremolo.SpecTests.Config;

/// <summary>A temporary folder holding small config files; loads them as the CLI would (relative names).</summary>
public sealed class ConfigTestFolder : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public ConfigTestFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "tremolo-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Loads <paramref name="relative"/> named relative to the folder, as `tremolo check relative` run inside it.</summary>
    public LoadResult Load(string relative = "tremolo.yaml", IReadOnlyList<string>? flags = null, IReadOnlyDictionary<string, string?>? environment = null)
        => ConfigLoader.Load(relative, flags ?? [], environment ?? NoEnvironment, Root);

    /// <summary>The errors of a one-file config, as `tremolo check` prints them.</summary>
    public string[] Errors(string yaml)
    {
        Write("tremolo.yaml", yaml);
        return [.. Load().Errors.Select(e => e.ToString())];
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
