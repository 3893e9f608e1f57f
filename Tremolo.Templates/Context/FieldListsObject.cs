using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>
/// A <see cref="FieldMap"/> as templates see it: name -> list of values (request.query, ...).
/// A loop over it gives the names, like a loop over a Python dict.
/// </summary>
internal sealed class FieldListsObject(FieldMap fields) : ReadOnlyScriptObject, IEnumerable<string>
{
    public IEnumerator<string> GetEnumerator() => fields.Names.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override IEnumerable<string> GetMembers() => fields.Names;

    public override bool Contains(string member) => fields.Get(member) is not null;

    protected override bool TryGetMember(string member, out object? value)
    {
        value = fields.Get(member);
        return value is not null;
    }
}
