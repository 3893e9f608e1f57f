namespace Tremolo.Server.Http.ContentCoding;

/// <summary>Media types worth compressing: text, JSON, JavaScript, XML, SVG and kin; never images, archives or media.</summary>
internal static class CompressibleTypes
{
    private static readonly string[] Applications =
    [
        "application/json", "application/javascript", "application/ecmascript", "application/xml",
        "application/xhtml+xml", "application/rss+xml", "application/atom+xml", "application/ld+json",
        "application/manifest+json", "application/wasm", "application/x-javascript", "image/svg+xml",
    ];

    public static bool Contains(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';');
        var type = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
        if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
            type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
            type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var candidate in Applications)
        {
            if (type.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
