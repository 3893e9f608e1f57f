namespace Tremolo.Templates.Context;

/// <summary>exc in error pages: code, message and text (Tremolo's str(exc)).</summary>
internal sealed class ExceptionObject(ExceptionData exception) : FixedMembersScriptObject(Members)
{
    private static readonly string[] Members = ["code", "message", "text"];

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
