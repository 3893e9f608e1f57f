using System.Globalization;
using Scriban;
using Scriban.Parsing;

namespace Tremolo.Templates.Context;

/// <summary>
/// The top-level names of one render (request, query, time, ...), above Scriban's
/// builtins. Variables a template assigns live here too, for that render only.
/// </summary>
internal sealed class GlobalsObject(RenderScope scope) : ReadOnlyScriptObject
{
    private static readonly string[] Members =
    [
        "request", "params", "query", "cookies", "headers", "client", "server", "time",
        "response", "exc", "message", "channel", "members",
    ];

    private Dictionary<string, object?>? _assigned;

    public override IEnumerable<string> GetMembers() =>
        _assigned is null ? Members : Members.Union(_assigned.Keys);

    public override bool Contains(string member) =>
        _assigned?.ContainsKey(member) == true || Members.Contains(member);

    public override bool CanWrite(string member) => true;

    public override bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value, bool readOnly)
    {
        (_assigned ??= new(StringComparer.Ordinal))[member] = value;
        return true;
    }

    public override bool Remove(string member) => _assigned?.Remove(member) == true;

    protected override bool TryGetMember(string member, out object? value)
    {
        if (_assigned is not null && _assigned.TryGetValue(member, out value))
        {
            return true;
        }

        var request = scope.RequestObject;
        value = member switch
        {
            "request" => request,
            "params" => request.Params,
            "query" => new FirstValuesObject(request.Query),
            "cookies" => new FirstValuesObject(request.Cookies),
            "headers" => new FirstValuesObject(request.Headers),
            "client" => request.Client,
            "server" => scope.ServerObject,
            "time" => DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            "response" => scope.ResponseObject,
            "exc" => scope.Exception is { } exception ? new ExceptionObject(exception) : null,
            "message" => scope.Message,
            "channel" => scope.Channel,
            "members" => scope.Members,
            _ => null,
        };
        return value is not null;
    }
}
