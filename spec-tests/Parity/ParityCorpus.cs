namespace Tremolo.SpecTests.Parity;

/// <summary>
/// The recorded corpus on disk: cases/&lt;app&gt;/&lt;case&gt;.json + .expected, apps/&lt;app&gt;/.
/// Found through TREMOLO_PARITY_DIR, else as ../shared/parity beside the folder holding Tremolo.sln.
/// </summary>
public sealed class ParityCorpus(string root)
{
    public const string DirectoryVariable = "TREMOLO_PARITY_DIR";

    /// <summary>2024-01-01T00:00:00Z: every served file gets it, so Last-Modified is reproducible.</summary>
    public static readonly DateTime FixedFileTime = DateTime.UnixEpoch.AddSeconds(1704067200);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The corpus, or null with <paramref name="error"/> saying where it was looked for.</summary>
    public static ParityCorpus? Locate(out string error)
    {
        string? configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        string? candidate = string.IsNullOrEmpty(configured) ? BesideSolution() : configured;
        if (candidate is not null && Directory.Exists(Path.Combine(candidate, "cases")))
        {
            error = "";
            return new ParityCorpus(candidate);
        }
        error = $"parity corpus not found (looked at {candidate ?? "../shared/parity beside Tremolo.sln: no Tremolo.sln above " + AppContext.BaseDirectory}); set {DirectoryVariable}";
        return null;
    }

    private static string? BesideSolution()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tremolo.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "parity"));
        }
        return null;
    }

    /// <summary>Apps with their case names, both in ordinal order (as the harness sorts them).</summary>
    public IReadOnlyList<(string App, IReadOnlyList<string> Cases)> Discover()
    {
        var found = new List<(string, IReadOnlyList<string>)>();
        foreach (string appDir in Directory.GetDirectories(Path.Combine(Root, "cases")).Order(StringComparer.Ordinal))
        {
            var cases = Directory.GetFiles(appDir, "*.json")
                .Select(path => Path.GetFileNameWithoutExtension(path))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (cases.Length > 0)
                found.Add((Path.GetFileName(appDir), cases));
        }
        return found;
    }

    public string AppDir(string app) => Path.Combine(Root, "apps", app);

    public string CasePath(string app, string name) => Path.Combine(Root, "cases", app, name + ".json");

    public string ExpectedPath(string app, string name) => Path.Combine(Root, "cases", app, name + ".expected");

    /// <summary>Pins the times of every file under apps/&lt;app&gt;/files/ (If-Range, If-Modified-Since cases depend on it).</summary>
    public void PinFileTimes(string app)
    {
        string files = Path.Combine(AppDir(app), "files");
        if (!Directory.Exists(files))
            return;
        foreach (string path in Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, FixedFileTime);
            File.SetLastAccessTimeUtc(path, FixedFileTime);
        }
    }
}
