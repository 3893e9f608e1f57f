namespace Tremolo.Server.Files;

/// <summary>
/// Caddy's `precompressed`: a file compressed ahead of time lies next to the original with the
/// coding's extension (`app.css.br`, `app.css.gz`) and is sent in its place when the client
/// accepts that coding. In a `directory:` folder the sibling passes the folder's own checks
/// (no link out of the folder, regular files only); beside a `file:` it must be a regular file.
/// </summary>
internal static class PrecompressedFile
{
    public static FileInfo? Find(FileInfo original, string coding, DirectoryResolver? folder)
    {
        var suffix = coding == "br" ? ".br" : ".gz";
        if (folder is not null)
        {
            return folder.Sibling(original, suffix);
        }

        var path = original.FullName + suffix;
        return DirectoryResolver.IsRegularFile(path) ? new FileInfo(path) : null;
    }
}
