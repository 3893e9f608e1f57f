namespace Tremolo.Server.Files;

/// <summary>
/// An error the engine answers with its own error response (status line, Content-Type,
/// Content-Length, Connection: close, ...), as Tremolo does for a raised HTTPException.
/// </summary>
/// <param name="Code">400, 404 or 416.</param>
/// <param name="Message">The reason phrase, e.g. "Range Not Satisfiable".</param>
/// <param name="Text">The body text, e.g. "bad range".</param>
public sealed record FileResponseError(int Code, string Message, string Text)
{
    public static readonly FileResponseError BadRange = new(400, "Bad Request", "bad range");

    public static readonly FileResponseError NotSatisfiable = new(416, "Range Not Satisfiable", "Range Not Satisfiable");

    public static readonly FileResponseError NotFound = new(404, "Not Found", "Not Found");
}
