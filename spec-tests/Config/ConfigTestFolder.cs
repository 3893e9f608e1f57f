using Tremolo.Config.Loading;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Config;

/// <summary>An <see cref="AppFolder"/> holding small config files; loads them as the CLI would (relative names).</summary>
public sealed class ConfigTestFolder : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    private readonly AppFolder _folder = new();

    public string Root => _folder.Root;

    public string Write(string relative, string text) => _folder.Write(relative, text);

    /// <summary>Loads <paramref name="relative"/> named relative to the folder, as `tremolo check relative` run inside it.</summary>
    public LoadResult Load(string relative = "tremolo.yaml", IReadOnlyList<string>? flags = null, IReadOnlyDictionary<string, string?>? environment = null)
        => ConfigLoader.Load(relative, flags ?? [], environment ?? NoEnvironment, Root);

    /// <summary>The errors of a one-file config, as `tremolo check` prints them.</summary>
    public string[] Errors(string yaml)
    {
        Write("tremolo.yaml", yaml);
        return [.. Load().Errors.Select(e => e.ToString())];
    }

    public void Dispose() => _folder.Dispose();
}
