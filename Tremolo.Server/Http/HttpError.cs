namespace Tremolo.Server.Http;

/// <summary>
/// Tremolo's HTTPException: a status, its message (reason phrase), the text that becomes
/// the body (str(exc)), a content type, and extra headers (Location, Allow).
/// </summary>
internal sealed class HttpError : Exception
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    public HttpError(int code, string? text = null, string? message = null, string? contentType = null)
        : base(text ?? message ?? ReasonPhrases.For(code))
    {
        Code = code;
        Reason = message ?? ReasonPhrases.For(code);
        Text = text ?? Reason;
        ContentType = contentType ?? HtmlContentType;
    }

    public int Code { get; }

    /// <summary>exc.message: the reason phrase of the status line.</summary>
    public string Reason { get; }

    /// <summary>str(exc): the body of the default error answer.</summary>
    public string Text { get; }

    public string ContentType { get; set; }

    /// <summary>Headers the answer carries after the page ran (Location of a redirect, Allow of a 405).</summary>
    public List<KeyValuePair<string, string>> ExtraHeaders { get; } = [];

    /// <summary>The name of Tremolo's exception class for the status (what its log lines say).</summary>
    public string PythonName => Code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        408 => "RequestTimeout",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        _ => "HTTPException",
    };

    public static HttpError BadRequest(string? text = null) => new(400, text);

    public static HttpError Redirect(string location, int code, bool http10)
    {
        // response.redirect(): 301 and (on HTTP/1.1) 303 keep their code, anything else is 302
        // Found; we also keep 307 and 308, which Tremolo's redirect() cannot send.
        var error = code switch
        {
            301 or 307 or 308 => new HttpError(code, ""),
            303 when !http10 => new HttpError(303, ""),
            _ => new HttpError(302, ""),
        };
        error.ExtraHeaders.Add(new("Location", location));
        return error;
    }
}
