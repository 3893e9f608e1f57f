using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Tremolo.Templates;

/// <summary>
/// Runs parsed templates and conditions. Each thread keeps one context and reuses it;
/// a context that saw an exception is dropped, as its state may be half unwound.
/// </summary>
internal static class TemplateRenderer
{
    private const int MaxKeptOutputCapacity = 64 * 1024;

    [ThreadStatic]
    private static TremoloTemplateContext? t_idle;

    public static string Render(Template template, RenderScope scope, bool escapeHtml)
    {
        var context = Rent(scope, escapeHtml);
        string text;
        try
        {
            text = template.Render(context);
        }
        catch (Exception exception)
        {
            throw Translate(exception);
        }

        Return(context);
        return text;
    }

    public static bool Evaluate(Template template, RenderScope scope)
    {
        var context = Rent(scope, escapeHtml: false);
        object? value;
        try
        {
            value = template.Evaluate(context);
        }
        catch (Exception exception)
        {
            throw Translate(exception);
        }

        Return(context);
        return IsTrue(value);
    }

    /// <summary>`when` truthiness: null, false and "" are false, anything else is true.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        RawHtml raw => raw.Text.Length > 0,
        _ => true,
    };

    private static TremoloTemplateContext Rent(RenderScope scope, bool escapeHtml)
    {
        var context = t_idle ?? new TremoloTemplateContext();
        t_idle = null;
        context.Begin(scope, escapeHtml);
        return context;
    }

    private static void Return(TremoloTemplateContext context)
    {
        context.End();
        // Keep the context unless a big render left it holding a big output buffer.
        if (((StringBuilderOutput)context.Output).Builder.Capacity <= MaxKeptOutputCapacity)
        {
            t_idle = context;
        }
    }

    /// <summary>Request parsing errors and limits keep their own type; any other failure is a render error.</summary>
    private static Exception Translate(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case RequestDataException or TemplateRenderException:
                    return cause;
                case RegexMatchTimeoutException or InsufficientExecutionStackException:
                    return new TemplateLimitException(cause.Message, exception);
            }
        }

        if (exception is ScriptRuntimeException runtime && IsLimit(runtime.OriginalMessage))
        {
            return new TemplateLimitException(runtime.Message, exception);
        }

        return new TemplateRenderException(exception.Message, exception);
    }

    /// <summary>Scriban reports its loop, recursion, output and string limits as runtime errors worded this way.</summary>
    private static bool IsLimit(string message) =>
        message.Contains("exceed", StringComparison.OrdinalIgnoreCase)
        || message.Contains("LimitToString", StringComparison.Ordinal);
}
