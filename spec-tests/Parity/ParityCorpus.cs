using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// The recorded corpus on disk: cases/&lt;app&gt;/&lt;case&gt;.json + .expected, apps/&lt;app&gt;/.
/// Found through TREMOLO_PARITY_DIR, else as parity in the repository's shared folder (<see cref="RepositoryPaths.Shared"/>).
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
        string? candidate = string.IsNullOrEmpty(configured) ? BesideRepository() : configured;
        if (candidate is not null && Directory.Exists(Path.Combine(candidate, "cases")))
        {
            error = "";
            return new ParityCorpus(candidate);
        }
        error = $"parity corpus not found (looked at {candidate ?? "shared/parity above " + RepositoryPaths.Root}); set {DirectoryVariable}";
        return null;
    }

    private static string? BesideRepository() =>
        RepositoryPaths.SharedOrNull is { } shared ? Path.Combine(shared, "parity") : null;

    /// <summary>Apps with their case names, both in ordinal order (as the harness sorts them).</summary>
    public IReadOnlyList<(string App, IReadOnlyList<string> Cases)> Discover()
    {
        var found = new List<(string, IReadOnlyList<string>)>();
        foreach (string appDir in Directory.GetDirectories(Path.Combine(Root, "cases")).Order(StringComparer.Ordinal))
        {
            string app = Path.GetFileName(appDir);
            var cases = Directory.GetFiles(appDir, "*.json")
                .Concat(DeviationCases(app))
                .Select(path => Path.GetFileNameWithoutExtension(path))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (cases.Length > 0)
                found.Add((app, cases));
        }
        return found;
    }

    public string AppDir(string app) => Path.Combine(Root, "apps", app);

    /// <summary>
    /// Where we deliberately answer otherwise than Tremolo (docs/deviations.md): our answers to
    /// corpus cases, and cases of our own beside them (case.json, our case.expected, and
    /// Tremolo's recorded answer as case.tremolo.expected).
    /// </summary>
    public static string DeviationsDir(string app) => Path.Combine(AppContext.BaseDirectory, "Parity", "Deviations", app);

    /// <summary>The corpus case, else a deviation case of our own.</summary>
    public string CasePath(string app, string name)
    {
        string path = Path.Combine(Root, "cases", app, name + ".json");
        return File.Exists(path) ? path : Path.Combine(DeviationsDir(app), name + ".json");
    }

    /// <summary>True for a case that is ours only (not in the recorded corpus).</summary>
    public bool IsDeviationCase(string app, string name) => !File.Exists(Path.Combine(Root, "cases", app, name + ".json"));

    private static IEnumerable<string> DeviationCases(string app) =>
        Directory.Exists(DeviationsDir(app)) ? Directory.GetFiles(DeviationsDir(app), "*.json") : [];

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
