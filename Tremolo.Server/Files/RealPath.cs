namespace Tremolo.Server.Files;

/// <summary>
/// The canonical form of an absolute path with every symbolic link resolved, component by
/// component like realpath(3), so a link anywhere on the way (not only the last one) is seen.
/// </summary>
internal static class RealPath
{
    // the usual SYMLOOP_MAX: more hops than this is a loop
    private const int MaxLinks = 40;

    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>The resolved path, or null on a link loop. Missing components are kept as written.</summary>
    public static string? Resolve(string fullPath)
    {
        var pending = new List<string>(Split(fullPath));
        pending.Reverse();
        string current = Path.GetPathRoot(fullPath) ?? "/";
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Join(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }

            // the target's own components are resolved next, in order
            string[] parts = Split(target);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                pending.Add(parts[i]);
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsWithin(string path, string folder)
    {
        string root = Path.TrimEndingDirectorySeparator(folder);
        return path.Length == root.Length
            ? path == root
            : path.StartsWith(root, StringComparison.Ordinal)
              && (path[root.Length] == Path.DirectorySeparatorChar || root.EndsWith(Path.DirectorySeparatorChar));
    }

    private static string[] Split(string path)
    {
        string root = Path.GetPathRoot(path) ?? "";
        return path[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
    }
}
