using Tremolo.Templates.Context;

namespace Tremolo.Templates;

/// <summary>The exception an error page renders (Tremolo's exc.code / exc.message / str(exc)).</summary>
public sealed record ExceptionData(int Code, string Message, string Text);

/// <summary>
/// Everything one render or condition can see. Only the parts that exist where the
/// template is used are set: response in response rules and error pages, exc in error
/// pages, message/channel/members in WebSocket templates. What is derived from the request
/// (query, cookies, form, ...) is computed once per scope: reuse one scope for the
/// conditions and templates of a request, and <see cref="With"/> for later stages.
/// </summary>
public sealed class RenderScope
{
    private RequestObject? _requestObject;
    private ServerObject? _serverObject;
    private ResponseObject? _responseObject;

    public required IRequestData Request { get; init; }

    public required string ServerName { get; init; }

    public IResponseData? Response { get; init; }

    public ExceptionData? Exception { get; init; }

    /// <summary>The WebSocket message being formatted.</summary>
    public string? Message { get; init; }

    /// <summary>The WebSocket or SSE channel name, once resolved.</summary>
    public string? Channel { get; init; }

    /// <summary>The broadcast channel's member count as it stood when the scope was made.</summary>
    public int? Members { get; init; }

    internal RequestObject RequestObject => _requestObject ??= new RequestObject(Request);

    internal ServerObject ServerObject => _serverObject ??= new ServerObject(ServerName);

    internal ResponseObject? ResponseObject =>
        Response is null ? null : _responseObject ??= new ResponseObject(Response);

    /// <summary>
    /// A scope for the same request that keeps what was already parsed from it (query,
    /// cookies, form, ...), with the given response, exception, message, channel and member count.
    /// </summary>
    public RenderScope With(
        IResponseData? response = null, ExceptionData? exception = null, string? message = null, string? channel = null, int? members = null) =>
        new()
        {
            Request = Request,
            ServerName = ServerName,
            Response = response,
            Exception = exception,
            Message = message,
            Channel = channel,
            Members = members,
            _requestObject = _requestObject ??= new RequestObject(Request),
            _serverObject = _serverObject,
        };
}
