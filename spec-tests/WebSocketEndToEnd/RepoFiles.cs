namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>Files of this repository (the default app, apps/), found from the test binaries upwards.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Tremolo.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Tremolo.sln above {AppContext.BaseDirectory}");
    }
}
