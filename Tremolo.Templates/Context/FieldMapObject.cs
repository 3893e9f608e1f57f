using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>
/// A <see cref="FieldMap"/> as templates see it (request.headers, query, cookies, ...).
/// A loop over it gives key/value items in the order the names came, as a loop over any
/// Scriban object does (`for h in request.headers` → `h.key`, `h.value`).
/// </summary>
internal abstract class FieldMapObject(FieldMap fields) : ReadOnlyScriptObject, IEnumerable<KeyValuePair<string, object?>>
{
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var name in fields.Names)
        {
            yield return new(name, ValueOf(fields.Get(name)!));
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override IEnumerable<string> GetMembers() => fields.Names;

    public override bool Contains(string member) => fields.Get(member) is not null;

    protected override bool TryGetMember(string member, out object? value)
    {
        value = fields.Get(member) is { } values ? ValueOf(values) : null;
        return value is not null;
    }

    /// <summary>What a name gives: its whole list or its first value.</summary>
    protected abstract object ValueOf(IReadOnlyList<string> values);
}
