namespace Tremolo.Server.Http;

/// <summary>
/// Vary is a list of field names (RFC 9110 §12.5.5): what `encode` adds and what decorations
/// set or append go into one field, each name once (case-insensitive), `*` standing for all.
/// </summary>
internal static class VaryHeader
{
    public static void Add(ResponseHeaders headers, string names)
    {
        if (headers.Get("Vary") is not { } existing)
        {
            headers.Set("Vary", names);
            return;
        }

        var joined = Joined(headers, existing);
        foreach (var range in names.AsSpan().Split(','))
        {
            var name = names.AsSpan()[range].Trim();
            if (!name.IsEmpty && !Lists(joined, name))
            {
                joined = joined.Length == 0 ? name.ToString() : $"{joined}, {name}";
            }
        }

        headers.Set("Vary", joined);
    }

    /// <summary>Every value of Vary as one list (appended values come out as one field).</summary>
    private static string Joined(ResponseHeaders headers, string first)
    {
        var joined = first;
        foreach (var entry in headers.Entries)
        {
            if (entry.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            {
                for (var i = 1; i < entry.ValueCount; i++)
                {
                    joined = $"{joined}, {entry.ValueAt(i)}";
                }
            }
        }

        return joined;
    }

    private static bool Lists(string list, ReadOnlySpan<char> name)
    {
        foreach (var range in list.AsSpan().Split(','))
        {
            var listed = list.AsSpan()[range].Trim();
            if (listed.Equals(name, StringComparison.OrdinalIgnoreCase) || listed is "*")
            {
                return true;
            }
        }

        return false;
    }
}
