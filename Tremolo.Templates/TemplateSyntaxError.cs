namespace Tremolo.Templates;

/// <summary>A syntax error, positioned in the template text (1-based line and column).</summary>
public sealed record TemplateSyntaxError(int Line, int Column, string Message);
