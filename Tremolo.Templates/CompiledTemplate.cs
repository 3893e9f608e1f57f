namespace Tremolo.Templates;

/// <summary>
/// A template parsed and checked once at load; rendering never re-parses. What the
/// template reads from the request (body, form) is known from its syntax tree, so the
/// engine buffers a body only for routes that need it.
/// </summary>
public sealed class CompiledTemplate
{
    private readonly Scriban.Template? _template;

    internal CompiledTemplate(string source, Scriban.Template? template, TemplateUsage usage)
    {
        Source = source;
        _template = template;
        Usage = usage;
    }

    public string Source { get; }

    /// <summary>Which request parts the template reads.</summary>
    public TemplateUsage Usage { get; }

    /// <summary>True when the text has no code: it renders to <see cref="Source"/> always.</summary>
    public bool IsConstant => _template is null;

    /// <summary>Renders with the scope; <paramref name="escapeHtml"/> escapes every output.</summary>
    public string Render(RenderScope scope, bool escapeHtml) =>
        _template is null ? Source : TemplateRenderer.Render(_template, scope, escapeHtml);
}
