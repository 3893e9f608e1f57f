namespace Tremolo.SpecTests.Files;

/// <summary>
/// A private copy of the parity app's files/ with every mtime pinned to 1704067200
/// (2024-01-01T00:00:00Z), as the parity harness does before starting a server.
/// </summary>
public sealed class ParityFilesFolder : IDisposable
{
    public const string ParityRoot = "/work/shared/parity";

    public static readonly DateTime PinnedMtime = DateTimeOffset.FromUnixTimeSeconds(1704067200).UtcDateTime;

    public ParityFilesFolder()
    {
        Root = Directory.CreateTempSubdirectory("tremolo-files-").FullName;
        Files = Path.Combine(Root, "files");
        Directory.CreateDirectory(Files);
        foreach (string source in Directory.EnumerateFiles(Path.Combine(AppFolder, "files")))
        {
            string copy = Path.Combine(Files, Path.GetFileName(source));
            File.Copy(source, copy);
            File.SetLastWriteTimeUtc(copy, PinnedMtime);
        }
    }

    public static string AppFolder => Path.Combine(ParityRoot, "apps", "files");

    /// <summary>The copy of the app folder: tremolo.yaml's relative file paths resolve here.</summary>
    public string Root { get; }

    public string Files { get; }

    /// <summary>A new file under files/ with the pinned mtime.</summary>
    public FileInfo Add(string name, byte[] content)
    {
        string path = Path.Combine(Files, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, PinnedMtime);
        return new FileInfo(path);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
