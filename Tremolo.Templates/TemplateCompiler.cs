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
        errors = ErrorsOf(template, text);
        return new CompiledTemplate(text, template, TemplateUsageFinder.Find(template.Page));
    }

    /// <summary>Parses a `when` expression (Scriban script mode).</summary>
    public static CompiledCondition CompileCondition(string expression, out IReadOnlyList<TemplateSyntaxError> errors)
    {
        var template = Template.Parse(expression, lexerOptions: ScriptOnly);
        errors = ErrorsOf(template, expression);
        return new CompiledCondition(expression, template, TemplateUsageFinder.Find(template.Page));
    }

    private static IReadOnlyList<TemplateSyntaxError> ErrorsOf(Template template, string text) =>
        template.HasErrors
            ? template.Messages.Where(m => m.Type == ParserMessageType.Error)
                .Select(m => m.Span.Start.Line < 0
                    ? AtEnd(text, m.Message)
                    : new TemplateSyntaxError(m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
                .ToList()
            : [];

    /// <summary>Scriban gives no position for errors at the end of the text (e.g. a missing operand): point just past it.</summary>
    private static TemplateSyntaxError AtEnd(string text, string message)
    {
        var lastNewLine = text.LastIndexOf('\n');
        var line = text.AsSpan().Count('\n') + 1;
        return new TemplateSyntaxError(line, text.Length - lastNewLine, message);
    }
}
