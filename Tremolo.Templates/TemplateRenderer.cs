using Scriban;
using Scriban.Runtime;

namespace Tremolo.Templates;

/// <summary>Renders a parsed template against a scope (placeholder context; see issue 3).</summary>
internal static class TemplateRenderer
{
    public static string Render(Template template, RenderScope scope, bool escapeHtml)
    {
        var context = new TemplateContext();
        context.PushGlobal(Globals(scope));
        return template.Render(context);
    }

    public static bool Evaluate(Template template, RenderScope scope)
    {
        var context = new TemplateContext();
        context.PushGlobal(Globals(scope));
        var value = template.Evaluate(context);
        return value is bool b ? b : value is not null;
    }

    private static ScriptObject Globals(RenderScope scope)
    {
        var request = new ScriptObject
        {
            ["method"] = scope.Request.Method,
            ["url"] = scope.Request.Url,
            ["version"] = scope.Request.Version,
        };
        return new ScriptObject { ["request"] = request };
    }
}
