namespace Tremolo.Server.Http;

/// <summary>
/// The response being prepared for one request, with Tremolo's setters (set_status,
/// set_content_type, set_header, append_header). Content-Type is kept apart until the
/// head is framed, as Tremolo does, so a later set_content_type still wins.
/// </summary>
internal sealed class HttpResponse
{
    public int Status { get; private set; } = 200;

    public string Message { get; private set; } = "OK";

    public string ContentType { get; private set; } = HttpError.HtmlContentType;

    public ResponseHeaders Headers { get; } = new();

    /// <summary>True once the head went out: no more header changes, no error page.</summary>
    public bool HeadersSent { get; set; }

    /// <summary>Chunked framing of the body being written (decided when the head is framed).</summary>
    public bool Chunked { get; set; }

    public void SetStatus(int status, string message)
    {
        Status = status;
        Message = message;
    }

    /// <summary>set_content_type(): also drops a Content-Type header already placed among the headers.</summary>
    public void SetContentType(string contentType)
    {
        Headers.Remove("Content-Type");
        ContentType = contentType;
    }

    /// <summary>True for statuses that carry no body and no Content-Type (Tremolo's no_content).</summary>
    public bool IsNoContent => Status is 204 or 205 or 304 || (Status >= 100 && Status < 200);

    public void Reset()
    {
        Status = 200;
        Message = "OK";
        ContentType = HttpError.HtmlContentType;
        Headers.Clear();
        HeadersSent = false;
        Chunked = false;
    }
}
