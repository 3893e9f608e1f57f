namespace Tremolo.Templates;

/// <summary>A render went past one of <see cref="TemplateLimits"/> and was stopped (the engine answers 500).</summary>
public sealed class TemplateLimitException(string message, Exception? inner = null) : TemplateRenderException(message, inner);
