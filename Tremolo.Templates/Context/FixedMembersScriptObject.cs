namespace Tremolo.Templates.Context;

/// <summary>A read-only template object whose member names are a fixed list.</summary>
internal abstract class FixedMembersScriptObject(string[] members) : ReadOnlyScriptObject
{
    public override IEnumerable<string> GetMembers() => members;

    public override bool Contains(string member) => Array.IndexOf(members, member) >= 0;
}
