using Tremolo.Templates;

namespace Tremolo.Config.Model;

/// <summary>
/// A RESPONSE: at most one body form plus decorations. A rule may have decorations only
/// (Body null); a route response always has a body form.
/// </summary>
public sealed record ResponseModel(
    BodyForm? Body,
    int? Status,
    string? Message,
    string? ContentType,
    IReadOnlyList<HeaderModel> Headers,
    IReadOnlyList<CookieModel> Cookies,
    SourceLocation Location)
{
    /// <summary>The request parts any template of this response reads.</summary>
    public TemplateUsage Usage { get; init; }
}

/// <summary>set_header (Append false, from a map) or append_header (from a list of pairs).</summary>
public sealed record HeaderModel(string Name, CompiledTemplate Value, bool Append);

/// <summary>response.set_cookie() with Tremolo's defaults.</summary>
public sealed record CookieModel(
    string Name,
    CompiledTemplate Value,
    long Expires = 0,
    string Path = "/",
    string? Domain = null,
    bool Secure = false,
    bool HttpOnly = false,
    string? SameSite = null);
