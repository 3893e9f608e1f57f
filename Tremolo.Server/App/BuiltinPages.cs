using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>The pages Tremolo answers with when the app has none of its own.</summary>
internal static class BuiltinPages
{
    /// <summary>The index Tremolo serves for '/' when no route claims it.</summary>
    public static ReadOnlyMemory<byte> IndexBody { get; } = "Service Unavailable"u8.ToArray();

    /// <summary>Tremolo's built-in 404 page, naming the path (HTML-escaped) and server_name.</summary>
    public static string NotFound(string path, string serverName) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />" +
        "<title>404 Not Found</title><style>body { max-width: 600px; margin: 0 auto; padding: 1%; font-family: sans-serif; " +
        "line-height: 1.5em; }</style></head><body><h1>Not Found</h1><p>Unable to find handler for " +
        HtmlEscape(path) + ".</p><hr /><address title=\"Powered by Tremolo\">" + serverName + "</address></body></html>";

    /// <summary>
    /// The built-in page for a status, or null when Tremolo has none (then the 500 page answers).
    /// 400, 405 and 500 show str(exc); in debug the 500 page lists the error's trace lines.
    /// </summary>
    public static string? For(HttpError error, HttpContext context) => error.Code switch
    {
        400 or 405 => error.Text,
        404 => NotFound(context.Head.Path, context.Options.ServerName),
        500 => Default500(error, context),
        _ => null,
    };

    public static string Default500(HttpError error, HttpContext context) =>
        context.Options.Debug && error.InnerException is { } cause
            ? "<ul><li>" + string.Join("</li><li>", cause.ToString().Split('\n').Select(l => HtmlEscape(l.TrimEnd('\r')))) + "</li></ul>"
            : error.Text;

    /// <summary>Tremolo's html_escape of bytes: &amp; &lt; &gt; and the double quote.</summary>
    private static string HtmlEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
