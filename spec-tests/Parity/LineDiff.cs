namespace Tremolo.SpecTests.Parity;

/// <summary>A unified-style line diff (longest common subsequence) for failure messages.</summary>
public static class LineDiff
{
    // The LCS table is quadratic; past this many differing lines the middle is shown as a block.
    private const int MaxTableLines = 3000;

    /// <returns>lines prefixed "-" (expected only), "+" (actual only) or " " (context), hunks separated by "@@"</returns>
    public static IReadOnlyList<string> Unified(IReadOnlyList<string> expected, IReadOnlyList<string> actual, int context = 1, int maxLines = 60)
    {
        var script = EditScript(expected, actual);
        var keep = new bool[script.Count];
        for (int i = 0; i < script.Count; i++)
        {
            if (script[i][0] == ' ')
                continue;
            for (int j = Math.Max(0, i - context); j <= Math.Min(script.Count - 1, i + context); j++)
                keep[j] = true;
        }
        var lines = new List<string>();
        for (int i = 0; i < script.Count; i++)
        {
            if (!keep[i])
                continue;
            if (i == 0 || !keep[i - 1])
                lines.Add("@@");
            lines.Add(script[i]);
        }
        if (lines.Count > maxLines)
        {
            int more = lines.Count - maxLines;
            lines.RemoveRange(maxLines, more);
            lines.Add($"... ({more} more diff lines)");
        }
        return lines;
    }

    private static List<string> EditScript(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
            prefix++;
        int suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
            suffix++;
        var script = new List<string>(a.Count + b.Count);
        script.AddRange(a.Take(prefix).Select(line => " " + line));
        var midA = a.Skip(prefix).Take(a.Count - prefix - suffix).ToArray();
        var midB = b.Skip(prefix).Take(b.Count - prefix - suffix).ToArray();
        if (midA.Length > MaxTableLines || midB.Length > MaxTableLines)
        {
            script.AddRange(midA.Select(line => "-" + line));
            script.AddRange(midB.Select(line => "+" + line));
        }
        else
        {
            script.AddRange(Middle(midA, midB));
        }
        script.AddRange(a.Skip(a.Count - suffix).Select(line => " " + line));
        return script;
    }

    private static IEnumerable<string> Middle(string[] a, string[] b)
    {
        // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..]
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                yield return " " + a[x++];
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                yield return "-" + a[x++];
            }
            else
            {
                yield return "+" + b[y++];
            }
        }
    }
}
