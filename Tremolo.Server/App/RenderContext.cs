using System.Text;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>Builds the template scope for a request and renders templates with the response's escaping.</summary>
internal static class RenderContext
{
    /// <summary>
    /// The scope a template sees now: the request's one scope (so what was parsed from the
    /// request is parsed once), with the response as it stands and the error being answered.
    /// </summary>
    public static RenderScope Scope(HttpContext context, ExceptionData? exception = null) =>
        Base(context).With(AppRequestState.Of(context).Response, exception);

    /// <summary>The request's scope without a response: WebSocket and SSE formats add their own parts.</summary>
    public static RenderScope Base(HttpContext context)
    {
        var state = AppRequestState.Of(context);
        return state.Scope ??= new RenderScope { Request = state.Request, ServerName = state.Options.ServerName };
    }

    /// <summary>A header, cookie or location value: never escaped.</summary>
    public static string Text(CompiledTemplate template, HttpContext context) =>
        template.IsConstant ? template.Source : template.Render(Scope(context), escapeHtml: false);

    /// <summary>A body: escaped when the response is HTML (SPEC 4.1).</summary>
    public static string Body(CompiledTemplate template, HttpContext context, ExceptionData? exception = null) =>
        Body(template, context, context.Response.ContentType, exception);

    /// <summary>A body that will be served as <paramref name="contentType"/>.</summary>
    public static string Body(CompiledTemplate template, HttpContext context, string contentType, ExceptionData? exception = null) =>
        template.IsConstant ? template.Source : template.Render(Scope(context, exception), IsHtml(contentType));

    public static bool IsHtml(string contentType) => contentType.Contains("html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The charset of a content type (Tremolo's HTTPException.encoding), UTF-8 when none or unknown.</summary>
    public static Encoding EncodingOf(string contentType)
    {
        const string key = "charset=";
        var at = contentType.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return Encoding.UTF8;
        }

        var name = contentType[(at + key.Length)..].Split(';')[0].Trim().Trim('"');
        return name.ToLowerInvariant() switch
        {
            "latin-1" or "latin1" or "iso-8859-1" => Encoding.Latin1,
            "ascii" or "us-ascii" => Encoding.ASCII,
            _ => Encoding.UTF8,
        };
    }
}
