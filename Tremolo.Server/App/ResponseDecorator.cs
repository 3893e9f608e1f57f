using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// Applies a RESPONSE's decorations in the order the twins do: set_status, set_content_type,
/// set_header/append_header, set_cookie. A header value with CR/LF or a char outside
/// latin-1 is Tremolo's InternalServerError (never header injection).
/// </summary>
internal static class ResponseDecorator
{
    public static void Apply(HttpContext context, ResponseModel model)
    {
        var response = context.Response;
        if (model.Status is { } status)
        {
            response.SetStatus(status, model.Message ?? ReasonPhrases.For(status));
        }
        else if (model.Message is { } message)
        {
            response.SetStatus(response.Status, message);
        }

        if (model.ContentType is { } contentType)
        {
            response.SetContentType(contentType);
        }

        foreach (var header in model.Headers)
        {
            var value = Checked(RenderContext.Text(header.Value, context));
            if (header.Append)
            {
                response.Headers.Append(header.Name, value);
            }
            else
            {
                response.Headers.Set(header.Name, value);
            }
        }

        if (model.Cookies.Count > 0)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var cookie in model.Cookies)
            {
                response.Headers.Append("Set-Cookie", Checked(CookieFormatter.Format(cookie, RenderContext.Text(cookie.Value, context), now)));
            }
        }
    }

    /// <summary>A value safe to put in a header field, else a 500.</summary>
    public static string Checked(string value)
    {
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || c > '\u00ff')
            {
                throw new HttpError(500);
            }
        }

        return value;
    }
}
