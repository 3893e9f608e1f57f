namespace Tremolo.Templates;

/// <summary>The exception an error page renders (Tremolo's exc.code / exc.message / str(exc)).</summary>
public sealed record ExceptionData(int Code, string Message, string Text);

/// <summary>
/// Everything one render or condition can see. Only the parts that exist where the
/// template is used are set: response in response rules and error pages, exc in error
/// pages, message/channel in WebSocket formats.
/// </summary>
public sealed class RenderScope
{
    public required IRequestData Request { get; init; }

    public required string ServerName { get; init; }

    public IResponseData? Response { get; init; }

    public ExceptionData? Exception { get; init; }

    /// <summary>The WebSocket message being formatted.</summary>
    public string? Message { get; init; }

    /// <summary>The WebSocket or SSE channel name, once resolved.</summary>
    public string? Channel { get; init; }
}
