namespace Tremolo.Templates.Context;

/// <summary>server: the server_name option.</summary>
internal sealed class ServerObject(string name) : ReadOnlyScriptObject
{
    private static readonly string[] Members = ["name"];

    public override IEnumerable<string> GetMembers() => Members;

    public override bool Contains(string member) => member == "name";

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member == "name" ? name : null;
        return value is not null;
    }
}
