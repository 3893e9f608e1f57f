using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// Applies a RESPONSE's decorations in the order the twins do: set_status, set_content_type,
/// set_header/append_header, set_cookie. A header value with CR/LF or a char outside
/// latin-1 is Tremolo's InternalServerError (never header injection); so is any other
/// control char (RFC 9110 5.5), which the server itself refuses in a request.
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
            var value = Checked(context, header.Name, RenderContext.Text(header.Value, context));
            if (header.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            {
                // One Vary list, shared with `encode`'s Accept-Encoding whichever comes first.
                VaryHeader.Add(response.Headers, value);
            }
            else if (header.Append)
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
                response.Headers.Append("Set-Cookie", Checked(context, "Set-Cookie", CookieFormatter.Format(cookie, RenderContext.Text(cookie.Value, context), now)));
            }
        }
    }

    /// <summary>A value safe to put in a header field, else a 500 and a log line naming the field.</summary>
    public static string Checked(HttpContext context, string field, string value)
    {
        foreach (var c in value)
        {
            // C0 controls but HTAB, DEL, C1 controls (0x85 ends a line for some readers), and beyond latin-1.
            if ((c < ' ' && c != '\t') || c is >= '\u007f' and <= '\u009f' || c > '\u00ff')
            {
                context.Log.Error(
                    $"{context.Head.Path}: header {field}: the value has a control character (U+{(int)c:X4}) or one outside latin-1; answered 500");
                throw new HttpError(500);
            }
        }

        return value;
    }
}
