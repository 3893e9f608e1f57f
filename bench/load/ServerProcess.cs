using System.Globalization;
using System.Runtime.InteropServices;

namespace Tremolo.Bench.Load;

/// <summary>
/// The server under test as the kernel sees it: CPU time and resident memory of the process
/// and all its descendants (a launcher may fork a worker), read from /proc.
/// </summary>
sealed class ServerProcess(int pid)
{
    const int ScClkTck = 2;
    static readonly long TicksPerSecond = Math.Max(1, sysconf(ScClkTck));

    [DllImport("libc")]
    static extern long sysconf(int name);

    /// <summary>utime + stime over every thread of the tree, in microseconds.</summary>
    public long CpuMicroseconds()
    {
        long ticks = 0;
        foreach (var id in Tree())
        {
            var fields = StatFields(id);
            // Fields after "(comm)": [0] state, [1] ppid, ... [11] utime, [12] stime.
            if (fields.Length > 12) ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        return ticks * 1_000_000 / TicksPerSecond;
    }

    /// <summary>VmRSS summed over the tree, in KiB.</summary>
    public long RssKib()
    {
        long kib = 0;
        foreach (var id in Tree())
        {
            foreach (var line in ReadLines($"/proc/{id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    kib += long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        return kib;
    }

    List<int> Tree()
    {
        if (!Directory.Exists($"/proc/{pid}")) throw new LoadFailedException($"server process {pid} is gone");
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            var fields = StatFields(id);
            if (fields.Length < 2) continue;
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(id);
        }
        var tree = new List<int> { pid };
        for (var i = 0; i < tree.Count; i++)
            if (children.TryGetValue(tree[i], out var list)) tree.AddRange(list);
        return tree;
    }

    static string[] StatFields(int id)
    {
        var stat = ReadLines($"/proc/{id}/stat").FirstOrDefault() ?? "";
        var end = stat.LastIndexOf(')');
        return end < 0 ? [] : stat[(end + 2)..].Split(' ');
    }

    // A process may exit between listing and reading: treat it as contributing nothing.
    static IEnumerable<string> ReadLines(string path)
    {
        try { return File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
