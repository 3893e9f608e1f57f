using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// A temp folder of its own for one app: tremolo.yaml and the files it names, written as UTF-8
/// (no BOM). Both ways to run an app start from one: <see cref="TestApp"/> (in this process)
/// and <see cref="ServeProcess"/> (`tremolo serve`). Dispose deletes it.
/// </summary>
public sealed class AppFolder : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <param name="yaml">the tremolo.yaml text; none written when null</param>
    /// <param name="files">extra files (relative path → text) written next to it</param>
    public AppFolder(string? yaml = null, IReadOnlyDictionary<string, string>? files = null)
    {
        Root = Directory.CreateTempSubdirectory("tremolo-app-").FullName;
        foreach (var (relative, text) in files ?? new Dictionary<string, string>())
            Write(relative, text);
        if (yaml is not null)
            Write("tremolo.yaml", yaml);
    }

    public string Root { get; }

    public string YamlPath => Path.Combine(Root, "tremolo.yaml");

    /// <summary>Writes <paramref name="text"/> at <paramref name="relative"/> (folders made as needed); returns the full path.</summary>
    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // In place (not a new file renamed over it), as an editor saves: a `reload` watcher sees a plain change.
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Utf8.GetBytes(text));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
