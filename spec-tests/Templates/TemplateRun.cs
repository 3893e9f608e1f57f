using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>Compiles (asserting no syntax error) and runs templates and conditions.</summary>
internal static class TemplateRun
{
    public static CompiledTemplate Compile(string text)
    {
        var template = TemplateCompiler.Compile(text, out var errors);
        Assert.Empty(errors);
        return template;
    }

    public static string Render(string text, RenderScope scope, bool escapeHtml = false) =>
        Compile(text).Render(scope, escapeHtml);

    public static string Render(string text, string rawRequest, bool escapeHtml = false) =>
        Render(text, Scope(rawRequest), escapeHtml);

    public static bool When(string expression, RenderScope scope)
    {
        var condition = TemplateCompiler.CompileCondition(expression, out var errors);
        Assert.Empty(errors);
        return condition.Evaluate(scope);
    }

    public static RenderScope Scope(string rawRequest) => Scope(RawRequest.Parse(rawRequest));

    public static RenderScope Scope(IRequestData request) => new() { Request = request, ServerName = "Tremolo" };
}
