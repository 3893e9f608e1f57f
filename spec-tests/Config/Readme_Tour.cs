namespace Tremolo.SpecTests.Config;

/// <summary>The README's tour of tremolo.yaml stays a valid config.</summary>
public sealed class Readme_Tour : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TourLoadsWithoutErrors()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        _folder.Write("chat.html", "<p>chat</p>");
        _folder.Write("admin/admin.yaml", "routes:\n  - {path: /, body: admin}\n");
        _folder.Write("tremolo.yaml", yaml);
        Assert.Empty(_folder.Load().Errors);
    }
}
