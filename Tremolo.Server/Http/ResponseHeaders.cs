using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>
/// Response header fields with Tremolo's dict semantics: keys are case-insensitive, a field
/// keeps the position where it was first set, set replaces its values, append adds to them
/// (so repeats come out grouped, in insertion order). Entries are reused across the
/// requests of a connection, so steady-state requests allocate none; their array comes from
/// a shared pool and goes back to it on <see cref="Release"/>, entries and all, for the next
/// connection's handshake to reuse.
/// </summary>
internal sealed class ResponseHeaders
{
    private const int InitialCapacity = 8;

    private Entry[] _entries = [];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<Entry> Entries => _entries.AsSpan(0, _count);

    public void Set(string name, string value)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            Next().Reset(name, value);
        }
        else
        {
            _entries[i].Reset(_entries[i].Name, value);
        }
    }

    public void Append(string name, string value)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            Next().Reset(name, value);
        }
        else
        {
            _entries[i].Add(value);
        }
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name) => IndexOf(name) is var i and >= 0 ? _entries[i].ValueAt(0) : null;

    public void Remove(string name)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            // The removed entry moves past the end, to be reused.
            var removed = _entries[i];
            Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
            _entries[--_count] = removed;
        }
    }

    public void Clear() => _count = 0;

    /// <summary>Clears and gives the entries back to the pool: the connection will answer no more requests (an upgrade).</summary>
    public void Release()
    {
        if (_entries.Length == 0)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            entry?.Reset("", "");
        }

        ArrayPool<Entry>.Shared.Return(_entries);
        _entries = [];
        _count = 0;
    }

    /// <summary>Every (name, value) pair in output order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        for (var i = 0; i < _count; i++)
        {
            var entry = _entries[i];
            for (var v = 0; v < entry.ValueCount; v++)
            {
                yield return new(entry.Name, entry.ValueAt(v));
            }
        }
    }

    private Entry Next()
    {
        if (_count == _entries.Length)
        {
            // Pooled arrays may hold entries from an earlier owner: they are reused as they are.
            var larger = ArrayPool<Entry>.Shared.Rent(Math.Max(InitialCapacity, _count * 2));
            if (_entries.Length > 0)
            {
                // The entries move to the larger array: the old one goes back empty, never shared.
                Array.Copy(_entries, larger, _count);
                ArrayPool<Entry>.Shared.Return(_entries, clearArray: true);
            }

            _entries = larger;
        }

        return _entries[_count++] ??= new Entry();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One field name and its values; the first value is held inline since repeats are rare.</summary>
    internal sealed class Entry
    {
        private string _first = "";
        private List<string>? _more;

        public string Name { get; private set; } = "";

        public int ValueCount => 1 + (_more?.Count ?? 0);

        public string ValueAt(int index) => index == 0 ? _first : _more![index - 1];

        public void Reset(string name, string value)
        {
            Name = name;
            _first = value;
            _more?.Clear();
        }

        public void Add(string value) => (_more ??= []).Add(value);
    }
}
