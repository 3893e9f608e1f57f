namespace Tremolo.Server.Http;

/// <summary>
/// Response header fields with Tremolo's dict semantics: keys are case-insensitive, a field
/// keeps the position where it was first set, set replaces its values, append adds to them
/// (so repeats come out grouped, in insertion order).
/// </summary>
internal sealed class ResponseHeaders
{
    private readonly List<Entry> _entries = new(8);

    public int Count => _entries.Count;

    public IReadOnlyList<Entry> Entries => _entries;

    public void Set(string name, string value)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            _entries.Add(new Entry(name, value));
        }
        else
        {
            _entries[i].Reset(value);
        }
    }

    public void Append(string name, string value)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            _entries.Add(new Entry(name, value));
        }
        else
        {
            _entries[i].Add(value);
        }
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public void Remove(string name)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            _entries.RemoveAt(i);
        }
    }

    public void Clear() => _entries.Clear();

    /// <summary>Every (name, value) pair in output order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        foreach (var entry in _entries)
        {
            foreach (var value in entry.Values)
            {
                yield return new(entry.Name, value);
            }
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One field name and its values (usually one).</summary>
    internal sealed class Entry(string name, string value)
    {
        private readonly List<string> _values = [value];

        public string Name { get; } = name;

        public IReadOnlyList<string> Values => _values;

        public void Reset(string value)
        {
            _values.Clear();
            _values.Add(value);
        }

        public void Add(string value) => _values.Add(value);
    }
}
