using Tremolo.Config.Loading;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// The README's tour of tremolo.yaml, copied as printed, passes check: it is shipped as
/// apps/tour/tremolo.yaml with the chat.html and admin/admin.yaml it names.
/// </summary>
public sealed class Readme_Tour : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    private static string TourFolder => Path.Combine(RepositoryPaths.Root, "apps", "tour");

    public void Dispose() => _folder.Dispose();

    private static string ReadmeYaml()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void TourAsPrinted_ChecksNextToTheShippedFiles()
    {
        // The README's block, pasted into a copy of the folder, with only the files the tour ships.
        _folder.Write("chat.html", File.ReadAllText(Path.Combine(TourFolder, "chat.html")));
        _folder.Write("admin/admin.yaml", File.ReadAllText(Path.Combine(TourFolder, "admin", "admin.yaml")));
        _folder.Write("tremolo.yaml", ReadmeYaml());
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ShippedTourIsTheReadmeBlock()
    {
        Assert.Equal(ReadmeYaml(), File.ReadAllText(Path.Combine(TourFolder, "tremolo.yaml")));
        Assert.Empty(ConfigLoader.Load(Path.Combine(TourFolder, "tremolo.yaml"), [], new Dictionary<string, string?>()).Errors);
    }
}
