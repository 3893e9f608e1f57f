namespace Tremolo.Templates;

/// <summary>A template or condition failed while running (the engine answers 500).</summary>
public class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner);
