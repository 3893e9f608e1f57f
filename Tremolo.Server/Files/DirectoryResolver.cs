using System.Text;
using Mono.Unix.Native;
using Tremolo.Templates.Parsing;

namespace Tremolo.Server.Files;

/// <summary>
/// Maps a request path below a `directory:` route's prefix to a file inside the folder.
/// Never leaves the folder: "..", hidden names (a leading '.', "/.well-known" excepted,
/// as Tremolo's StaticMiddleware example), backslashes, NUL and rooted segments are
/// refused after percent-decoding, and the resolved target of every symbolic link must
/// stay inside the folder's own resolved path. A folder is served by its index.html.
/// A refusal looks exactly like a missing file (null, so the engine answers 404).
/// </summary>
public sealed class DirectoryResolver
{
    private const string IndexFile = "index.html";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public DirectoryResolver(string folder)
    {
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The served folder, absolute.</summary>
    public string Folder { get; }

    /// <summary>
    /// The file for <paramref name="pathBelowPrefix"/>: the request path after the route's
    /// prefix, still percent-encoded, one char per byte (latin-1); a query is ignored.
    /// The returned FileInfo names the resolved real file.
    /// </summary>
    /// <paramref name="isFolder"/> tells that the path named a folder (served by its index.html).
    public FileInfo? Resolve(string pathBelowPrefix, out bool isFolder)
    {
        isFolder = false;
        string? relative = DecodeRelativePath(pathBelowPrefix);
        if (relative is null || RealPath.Resolve(Folder) is not { } root)
        {
            return null;
        }

        string? target = Contained(Path.Join(root, relative), root);
        if (target is not null && Directory.Exists(target))
        {
            isFolder = true;
            target = Contained(Path.Join(target, IndexFile), root);
        }

        return target is not null && IsRegularFile(target) ? new FileInfo(target) : null;
    }

    /// <summary>
    /// The file <paramref name="found"/> (a <see cref="Resolve"/> answer) names with
    /// <paramref name="suffix"/> appended (`x.css` → `x.css.br`), under the same rules: inside
    /// the folder once every link is resolved, and a regular file; else null.
    /// </summary>
    public FileInfo? Sibling(FileInfo found, string suffix)
    {
        string? target = RealPath.Resolve(Folder) is { } root ? Contained(found.FullName + suffix, root) : null;
        return target is not null && IsRegularFile(target) ? new FileInfo(target) : null;
    }

    // A FIFO would block the read that serves it and a device would never end: only regular files are served.
    internal static bool IsRegularFile(string path) =>
        Syscall.stat(path, out var status) == 0 && (status.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG;

    private static string? Contained(string path, string root) =>
        RealPath.Resolve(path) is { } real && RealPath.IsWithin(real, root) ? real : null;

    /// <summary>The decoded path as safe segments joined with '/', or null when refused.</summary>
    private static string? DecodeRelativePath(string pathBelowPrefix)
    {
        ReadOnlySpan<char> raw = pathBelowPrefix.AsSpan();
        int query = raw.IndexOf('?');
        if (query >= 0)
        {
            raw = raw[..query];
        }

        Span<char> decoded = raw.Length <= 512 ? stackalloc char[raw.Length] : new char[raw.Length];
        decoded = decoded[..PercentDecoder.Decode(raw, decoded)];
        Span<byte> bytes = decoded.Length <= 512 ? stackalloc byte[decoded.Length] : new byte[decoded.Length];
        for (int i = 0; i < decoded.Length; i++)
        {
            if (decoded[i] > 0xFF)
            {
                return null;
            }

            bytes[i] = (byte)decoded[i];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var safe = new StringBuilder(text.Length);
        foreach (string segment in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsSafeSegment(segment))
            {
                return null;
            }

            safe.Append(safe.Length == 0 ? "" : "/").Append(segment);
        }

        return safe.ToString();
    }

    private static bool IsSafeSegment(string segment) =>
        (segment[0] != '.' || segment == ".well-known")
        && segment.IndexOfAny(['\\', '\0']) < 0
        && segment.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !Path.IsPathRooted(segment);
}
