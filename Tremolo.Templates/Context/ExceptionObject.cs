namespace Tremolo.Templates.Context;

/// <summary>exc in error pages: code, message and text (Tremolo's str(exc)).</summary>
internal sealed class ExceptionObject(ExceptionData exception) : ReadOnlyScriptObject
{
    private static readonly string[] Members = ["code", "message", "text"];

    public override IEnumerable<string> GetMembers() => Members;

    public override bool Contains(string member) => Members.Contains(member);

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member switch
        {
            "code" => exception.Code,
            "message" => exception.Message,
            "text" => exception.Text,
            _ => null,
        };
        return value is not null;
    }
}
