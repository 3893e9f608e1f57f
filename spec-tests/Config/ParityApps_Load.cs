using Tremolo.Config.Loading;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Config;

/// <summary>Every app of the parity corpus (and the repository's own apps) loads with no error.</summary>
public sealed class ParityApps_Load
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public static TheoryData<string> ParityApps() => [.. RepositoryPaths.ParityApps.Select(dir => Path.GetFileName(dir))];

    [Theory]
    [MemberData(nameof(ParityApps))]
    public void ParityAppLoads(string app)
    {
        var result = ConfigLoader.Load(Path.Combine(RepositoryPaths.Shared, "parity", "apps", app, "tremolo.yaml"), [], NoEnvironment);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Document!.App.Routes);
    }

    [Fact]
    public void RepositoryAppsLoad()
    {
        var apps = Path.Combine(RepositoryPaths.Root, "apps");
        var files = Directory.GetFiles(apps, "tremolo.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files.Append(Path.Combine(RepositoryPaths.Root, "tremolo.yaml")))
        {
            Assert.Empty(ConfigLoader.Load(file, [], NoEnvironment).Errors);
        }
    }
}
