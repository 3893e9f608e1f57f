using Scriban;
using Scriban.Parsing;

namespace Tremolo.Templates;

/// <summary>Parses templates and conditions once, reporting syntax errors with positions.</summary>
public static class TemplateCompiler
{
    public static CompiledTemplate Compile(string text, out IReadOnlyList<TemplateSyntaxError> errors)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            errors = [];
            return new CompiledTemplate(text, null, TemplateUsage.None);
        }

        var template = Template.Parse(text);
        errors = ErrorsOf(template);
        return new CompiledTemplate(text, template, TemplateUsage.Body | TemplateUsage.Form);
    }

    public static CompiledCondition CompileCondition(string expression, out IReadOnlyList<TemplateSyntaxError> errors)
    {
        var template = Template.Parse(expression, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
        errors = ErrorsOf(template);
        return new CompiledCondition(expression, template, TemplateUsage.Body | TemplateUsage.Form);
    }

    private static IReadOnlyList<TemplateSyntaxError> ErrorsOf(Template template) =>
        template.HasErrors
            ? template.Messages.Where(m => m.Type == ParserMessageType.Error)
                .Select(m => new TemplateSyntaxError(m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
                .ToList()
            : [];
}
