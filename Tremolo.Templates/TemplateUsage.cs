namespace Tremolo.Templates;

/// <summary>The request parts a template or condition reads, found in its syntax tree.</summary>
[Flags]
public enum TemplateUsage
{
    None = 0,
    Body = 1,
    Form = 2,
}
