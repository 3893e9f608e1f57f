using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>
/// A <see cref="FieldMap"/> as name -> first value: the convenience maps query, cookies,
/// headers. A loop over it gives the names.
/// </summary>
internal sealed class FirstValuesObject(FieldMap fields) : ReadOnlyScriptObject, IEnumerable<string>
{
    public IEnumerator<string> GetEnumerator() => fields.Names.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override IEnumerable<string> GetMembers() => fields.Names;

    public override bool Contains(string member) => fields.Get(member) is not null;

    protected override bool TryGetMember(string member, out object? value)
    {
        value = fields.Get(member)?[0];
        return value is not null;
    }
}
