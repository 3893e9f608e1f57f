namespace Tremolo.Templates.Context;

/// <summary>request.params / params: the route regex's named groups.</summary>
internal sealed class ParamsObject(IReadOnlyDictionary<string, string> groups) : ReadOnlyScriptObject
{
    public override IEnumerable<string> GetMembers() => groups.Keys;

    public override bool Contains(string member) => groups.ContainsKey(member);

    protected override bool TryGetMember(string member, out object? value)
    {
        value = groups.GetValueOrDefault(member);
        return value is not null;
    }
}
