using Tremolo.Templates.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>response in response rules and error pages; headers as lowercase name -> list.</summary>
internal sealed class ResponseObject(IResponseData response) : FixedMembersScriptObject(Members)
{
    private static readonly string[] Members = ["status", "message", "content_type", "headers"];

    private FieldListsObject? _headers;

    protected override bool TryGetMember(string member, out object? value)
    {
        value = member switch
        {
            "status" => response.Status,
            "message" => response.Message,
            "content_type" => response.ContentType,
            "headers" => _headers ??= new FieldListsObject(Headers()),
            _ => null,
        };
        return value is not null;
    }

    private FieldMap Headers()
    {
        var headers = new FieldMap();
        foreach (var (name, value) in response.Headers)
        {
            headers.Add(PyText.AsciiLower(name), value);
        }

        return headers;
    }
}
