using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// The error that answers a template or condition that failed while serving a request:
/// Tremolo's own status and text when the request could not give what it asked for
/// (request.form without a form body: 400), else a logged 500 (a runaway or broken template).
/// </summary>
internal static class TemplateFailures
{
    public static bool Is(Exception e) => e is RequestDataException or TemplateRenderException;

    public static HttpError ToHttpError(Exception failure, HttpContext context)
    {
        if (failure is RequestDataException invalid)
        {
            return new HttpError(invalid.Code, invalid.Message);
        }

        context.Log.Error($"{context.Head.Path}: template: {failure.Message}");
        return new HttpError(500, context.Options.Debug ? failure.Message : null);
    }
}
