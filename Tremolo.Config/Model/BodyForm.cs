using Tremolo.Templates;

namespace Tremolo.Config.Model;

/// <summary>What a RESPONSE sends as its body; exactly one per response.</summary>
public abstract record BodyForm;

/// <summary>body: "text" (a handler's return 'text').</summary>
public sealed record LiteralBody(string Text) : BodyForm
{
    /// <summary>The text as UTF-8, encoded once at load.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Text);
}

/// <summary>template: / template_file: rendered per request.</summary>
public sealed record TemplateBody(CompiledTemplate Template, string? File) : BodyForm;

/// <summary>file: path (response.sendfile()); FullPath is absolute.</summary>
public sealed record FileBody(string FullPath) : BodyForm;

/// <summary>directory: path, static files below the route's prefix; FullPath is absolute.</summary>
public sealed record DirectoryBody(string FullPath) : BodyForm;

/// <summary>redirect: location (302 by default), as response.redirect().</summary>
public sealed record RedirectBody(CompiledTemplate Location, int Code) : BodyForm;

/// <summary>error: code or {code, message, body, content_type}, as raise HTTPException.</summary>
public sealed record ErrorBody(int Code, string? Message, CompiledTemplate? Text, string? ContentType) : BodyForm;

/// <summary>close: true: the handler returned None, close without a response.</summary>
public sealed record CloseBody : BodyForm;

/// <summary>health: true: "ok" (200) while serving, 503 once the server is draining.</summary>
public sealed record HealthBody : BodyForm;

/// <summary>metrics: true: the meter `Tremolo` in the Prometheus text format.</summary>
public sealed record MetricsBody : BodyForm;

/// <summary>
/// publish: {channel, message}: sends the rendered message to the channel as a member's message
/// would go; a null <paramref name="Message"/> publishes the request body as it came.
/// </summary>
public sealed record PublishBody(CompiledTemplate Channel, CompiledTemplate? Message) : BodyForm;
