namespace Tremolo.Templates.Context;

/// <summary>request.client / client: the socket peer.</summary>
internal sealed class ClientObject(string host, int port) : ReadOnlyScriptObject
{
    private static readonly string[] Members = ["host", "port"];

    public override IEnumerable<string> GetMembers() => Members;

    public override bool Contains(string member) => Members.Contains(member);

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member switch
        {
            "host" => host,
            "port" => port,
            _ => null,
        };
        return value is not null;
    }
}
