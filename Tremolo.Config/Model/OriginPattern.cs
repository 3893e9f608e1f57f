namespace Tremolo.Config.Model;

/// <summary>
/// One `websocket.origins` entry: scheme://host[:port] where the host may start with `*.`
/// (any subdomain, not the bare domain) and the port may be `*`. No port means the scheme's
/// default, as a browser serializes an Origin without it (RFC 6454 6.1).
/// </summary>
public sealed record OriginPattern(string Scheme, string Host, bool AnySubdomain, int? Port)
{
    /// <summary>Parses a pattern; null and a reason when it is not one.</summary>
    public static OriginPattern? Parse(string text, out string? error)
    {
        if (!TrySplit(text, allowWildcards: true, out var scheme, out var host, out var anySubdomain, out var port, out error))
        {
            return null;
        }

        return new OriginPattern(scheme, host, anySubdomain, port);
    }

    /// <summary>True when a request's Origin header value (one serialized origin) is allowed by this pattern.</summary>
    public bool Matches(string origin)
    {
        if (!TrySplit(origin, allowWildcards: false, out var scheme, out var host, out _, out var port, out _) ||
            scheme != Scheme || (Port is { } wanted && port != wanted))
        {
            return false;
        }

        return AnySubdomain
            ? host.Length > Host.Length + 1 && host.EndsWith(Host, StringComparison.Ordinal) && host[^(Host.Length + 1)] == '.'
            : host == Host;
    }

    public override string ToString() => $"{Scheme}://{(AnySubdomain ? "*." : "")}{Host}{(Port is { } port ? ":" + port : ":*")}";

    /// <summary>scheme://host[:port], lower-cased; a missing port is the scheme's default; port null means `*`.</summary>
    private static bool TrySplit(string text, bool allowWildcards, out string scheme, out string host, out bool anySubdomain, out int? port, out string? error)
    {
        scheme = host = "";
        anySubdomain = false;
        port = null;
        error = null;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        scheme = separator < 0 ? "" : text[..separator].ToLowerInvariant();
        var defaultPort = scheme switch { "http" => 80, "https" => 443, _ => 0 };
        if (defaultPort == 0)
        {
            error = "the scheme must be http or https";
            return false;
        }

        var authority = text[(separator + 3)..].ToLowerInvariant();
        var colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        host = colon > 0 ? authority[..colon] : authority;
        var portText = colon > 0 ? authority[(colon + 1)..] : null;
        if (allowWildcards && host.StartsWith("*.", StringComparison.Ordinal))
        {
            anySubdomain = true;
            host = host[2..];
        }

        if (host.Length == 0 || host.Any(c => !IsHostChar(c)) || (!host.StartsWith('[') && host.Contains(':')))
        {
            error = "the host must be a name, an address or *.domain, with no path";
            return false;
        }

        if (portText is null)
        {
            port = defaultPort;
        }
        else if (allowWildcards && portText == "*")
        {
            port = null;
        }
        else if (portText.Length is > 0 and <= 5 && portText.All(char.IsAsciiDigit) && int.Parse(portText) is > 0 and <= 65535 and var number)
        {
            port = number;
        }
        else
        {
            error = "the port must be 1-65535 or *";
            return false;
        }

        return true;
    }

    private static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '[' or ']' or ':' or '_';
}
