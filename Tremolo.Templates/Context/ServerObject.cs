namespace Tremolo.Templates.Context;

/// <summary>server: the server_name option.</summary>
internal sealed class ServerObject(string name) : FixedMembersScriptObject(Members)
{
    private static readonly string[] Members = ["name"];

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member == "name" ? name : null;
        return value is not null;
    }
}
