namespace Tremolo.Server.Files;

/// <summary>
/// The parts of a request that decide how a file is answered. Header values are the
/// engine's stored values (Tremolo strips spaces and tabs around them), one char per
/// received byte (latin-1).
/// </summary>
/// <param name="Method">The request method as sent, e.g. "GET", "HEAD".</param>
/// <param name="Version">"1.0" or "1.1": ranges are honoured on HTTP/1.1 only, as in Tremolo.</param>
/// <param name="Range">Every Range header value in arrival order (an empty value included); null or empty when there is none.</param>
/// <param name="IfRange">The first If-Range value, or null.</param>
/// <param name="IfModifiedSince">The first If-Modified-Since value, or null.</param>
public readonly record struct FileRequest(
    string Method,
    string Version,
    IReadOnlyList<string>? Range = null,
    string? IfRange = null,
    string? IfModifiedSince = null)
{
    public bool IsHead => Method == "HEAD";

    public bool IsHttp11 => Version == "1.1";
}
