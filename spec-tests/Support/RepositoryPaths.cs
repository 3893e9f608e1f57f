namespace Tremolo.SpecTests.Support;

/// <summary>Finds the repository (the folder of Tremolo.sln, from the test binaries upwards) and the shared folder beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared of the repository, or of the nearest folder above it that has one (worktrees live deeper).</summary>
    public static string Shared => SharedFolder.Value ?? throw new InvalidOperationException("no shared/parity/apps beside " + Root);

    /// <summary>As <see cref="Shared"/>, null when there is none.</summary>
    public static string? SharedOrNull => SharedFolder.Value;

    public static IEnumerable<string> ParityApps =>
        Directory.GetDirectories(Path.Combine(Shared, "parity", "apps")).Order(StringComparer.Ordinal);

    private static readonly Lazy<string?> SharedFolder = new(FindShared);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tremolo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tremolo.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "parity", "apps")))
            {
                return shared;
            }
        }

        return null;
    }
}
