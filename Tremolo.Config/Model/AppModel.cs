namespace Tremolo.Config.Model;

/// <summary>An app: its middleware, error pages, routes and mounted sub-apps.</summary>
public sealed record AppModel(
    MiddlewareModel Middleware,
    IReadOnlyDictionary<int, ResponseModel> Errors,
    IReadOnlyList<RouteModel> Routes,
    IReadOnlyList<MountModel> Mounts,
    SourceLocation Location);

/// <summary>on_request rules (run in order) and on_response rules (run last to first).</summary>
public sealed record MiddlewareModel(IReadOnlyList<RuleModel> Request, IReadOnlyList<RuleModel> Response)
{
    public static readonly MiddlewareModel Empty = new([], []);

    public bool IsEmpty => Request.Count == 0 && Response.Count == 0;
}

/// <summary>app.mount(prefix, sub): the prefix has no trailing slash ("/sub").</summary>
public sealed record MountModel(string Prefix, AppModel App, SourceLocation Location);
