namespace Tremolo.Templates;

/// <summary>A `when` expression (Scriban script mode), parsed once; missing values are false.</summary>
public sealed class CompiledCondition
{
    private readonly Scriban.Template _template;

    internal CompiledCondition(string source, Scriban.Template template, TemplateUsage usage)
    {
        Source = source;
        _template = template;
        Usage = usage;
    }

    public string Source { get; }

    public TemplateUsage Usage { get; }

    public bool Evaluate(RenderScope scope) => TemplateRenderer.Evaluate(_template, scope);
}
