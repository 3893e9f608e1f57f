using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// Answers an error the way Tremolo's error_received and handle_exception do: for 400-511
/// the app's page for the code (or the built-in one, or else the 500 page) renders the body
/// over a cleared response; then the error's extra headers, Date and Server, and end():
/// Content-Length, and Connection: close for every status from 400.
/// </summary>
internal sealed class ErrorResponder(IReadOnlyDictionary<int, ResponseModel> pages)
{
    public async Task AnswerAsync(HttpContext context, HttpError error)
    {
        var response = context.Response;
        string? text = null;
        if (error.Code is >= 400 and <= 511)
        {
            response.Headers.Clear();
            response.SetStatus(error.Code, error.Reason);
            response.SetContentType(error.ContentType);
            try
            {
                text = await RenderPageAsync(context, error);
            }
            catch (HttpError raised)
            {
                // An error page that raises answers with the new error's defaults (Tremolo's except branch).
                error = raised;
            }
            catch (Exception failed) when (TemplateFailures.Is(failed))
            {
                error = TemplateFailures.ToHttpError(failed, context);
            }
        }

        if (text is null)
        {
            if (error.Code >= 400)
            {
                response.Headers.Clear();
            }

            response.SetStatus(error.Code, error.Reason);
            response.SetContentType(error.ContentType);
            text = error.Text;
        }

        foreach (var (name, value) in error.ExtraHeaders)
        {
            response.Headers.Set(name, value);
        }

        Answers.End(context, text, RenderContext.EncodingOf(error.ContentType), keepAlive: error.Code < 400);
    }

    private async Task<string?> RenderPageAsync(HttpContext context, HttpError error)
    {
        if (!pages.TryGetValue(error.Code, out var page))
        {
            var builtin = BuiltinPages.For(error, context);
            if (builtin is not null)
            {
                return builtin;
            }

            if (!pages.TryGetValue(500, out page))
            {
                return BuiltinPages.Default500(error, context);
            }
        }

        if ((page.Usage & (TemplateUsage.Body | TemplateUsage.Form)) != 0 && !context.Response.HeadersSent)
        {
            await context.ReadBodyAsync();
        }

        ResponseDecorator.Apply(context, page);
        var exception = new ExceptionData(error.Code, error.Reason, error.Text);
        return page.Body switch
        {
            LiteralBody literal => literal.Text,
            TemplateBody template => RenderContext.Body(template.Template, context, exception),
            ErrorBody raised => throw Raise(raised, context),
            RedirectBody redirect => throw Redirect(redirect, context),
            CloseBody => throw new ConnectionClosedException(),
            _ => null,
        };
    }

    /// <summary>
    /// A redirect to its rendered location. A location that would break the header (CR/LF
    /// from a template) is a 500, as Tremolo's set_header raises for any header; so is one
    /// that renders empty (e.g. `{{ query.to }}` without `to`), logged as a template failure:
    /// an empty Location sends the client nowhere.
    /// </summary>
    public static HttpError Redirect(RedirectBody redirect, HttpContext context)
    {
        var location = ResponseDecorator.Checked(context, "Location", RenderContext.Text(redirect.Location, context));
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new TemplateRenderException($"redirect location \"{redirect.Location.Source}\" rendered empty");
        }

        return HttpError.Redirect(location, redirect.Code, !context.Head.IsHttp11);
    }

    public static HttpError Raise(ErrorBody error, HttpContext context) =>
        new(error.Code,
            error.Text is null ? null : RenderContext.Body(error.Text, context, error.ContentType ?? HttpError.HtmlContentType),
            error.Message,
            error.ContentType);
}
