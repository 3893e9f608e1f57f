namespace Tremolo.Templates.Context;

/// <summary>request.client / client: the socket peer.</summary>
internal sealed class ClientObject(string host, int port) : FixedMembersScriptObject(Members)
{
    private static readonly string[] Members = ["host", "port"];

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
