namespace Tremolo.Templates.Parsing;

/// <summary>
/// Name -> values in first-seen name order, like the dicts of lists Tremolo builds for
/// query, cookies, form and headers.
/// </summary>
public sealed class FieldMap
{
    public static readonly FieldMap Empty = new();

    private readonly Dictionary<string, FieldValues> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Count;

    public void Add(string name, string value) => ValuesOf(name).Add(value);

    /// <summary>Adds <paramref name="value"/> before the name's other values (the name keeps its place).</summary>
    public void AddFirst(string name, string value) => ValuesOf(name).Insert(0, value);

    private FieldValues ValuesOf(string name)
    {
        if (!_fields.TryGetValue(name, out var values))
        {
            values = [];
            _fields.Add(name, values);
            _names.Add(name);
        }

        return values;
    }

    public IReadOnlyList<string>? Get(string name) => _fields.GetValueOrDefault(name);
}
