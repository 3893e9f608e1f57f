using Scriban;
using Scriban.Parsing;

namespace Tremolo.Templates;

/// <summary>Parses templates and conditions once, reporting syntax errors with positions.</summary>
public static class TemplateCompiler
{
    private static readonly LexerOptions ScriptOnly = new() { Mode = ScriptMode.ScriptOnly };

    /// <summary>
    /// Parses <paramref name="text"/>. Text with no code ("{{" or a "{%{" escape block) is a
    /// constant that renders without Scriban. On errors the template must not be rendered.
    /// </summary>
    public static CompiledTemplate Compile(string text, out IReadOnlyList<TemplateSyntaxError> errors)
    {
        if (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%{", StringComparison.Ordinal))
        {
            errors = [];
            return new CompiledTemplate(text, null, TemplateUsage.None);
        }

        var template = Template.Parse(text);
        errors = ErrorsOf(template);
        return new CompiledTemplate(text, template, TemplateUsageFinder.Find(template.Page));
    }

    /// <summary>Parses a `when` expression (Scriban script mode).</summary>
    public static CompiledCondition CompileCondition(string expression, out IReadOnlyList<TemplateSyntaxError> errors)
    {
        var template = Template.Parse(expression, lexerOptions: ScriptOnly);
        errors = ErrorsOf(template);
        return new CompiledCondition(expression, template, TemplateUsageFinder.Find(template.Page));
    }

    private static IReadOnlyList<TemplateSyntaxError> ErrorsOf(Template template) =>
        template.HasErrors
            ? template.Messages.Where(m => m.Type == ParserMessageType.Error)
                .Select(m => new TemplateSyntaxError(m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
                .ToList()
            : [];
}
