namespace Tremolo.Config.Model;

/// <summary>
/// A route. Plain paths follow Tremolo's rules (trailing slashes and query ignored);
/// a path starting with ^ or ending with $ is a regex (already translated from Python
/// syntax to .NET in <see cref="Pattern"/>) matched against request.url.
/// </summary>
public sealed record RouteModel(
    string Path,
    string? Pattern,
    ResponseModel? Response,
    IReadOnlyDictionary<string, ResponseModel> Methods,
    WebSocketModel? WebSocket,
    SseModel? Sse,
    HandlerOptions Options,
    SourceLocation Location)
{
    public bool IsRegex => Pattern is not null;

    /// <summary>True for the 503 index Tremolo gives a mounted app that has no '/' route.</summary>
    public bool IsBuiltinIndex { get; init; }
}

/// <summary>Tremolo handler options; null means the server default (Encode: the server's `encode`).</summary>
public sealed record HandlerOptions(bool? Chunked, bool Stream, long? Rate, int? BufferSize, IReadOnlyList<string>? Encode = null)
{
    public static readonly HandlerOptions Default = new(null, true, null, null);
}
