namespace Tremolo.Templates;

/// <summary>
/// The raw request as the engine parsed it, in Tremolo's terms: every text value is the
/// request's bytes read as latin-1 (one char per byte), header names are lower-cased.
/// The template vocabulary (query, cookies, form, ip, ...) is derived from this lazily,
/// so a route whose templates never touch a field never pays for it.
/// </summary>
public interface IRequestData
{
    string Method { get; }

    /// <summary>The request target as sent (path and query string).</summary>
    string Url { get; }

    /// <summary>"1.0" or "1.1".</summary>
    string Version { get; }

    /// <summary>True when the connection is TLS.</summary>
    bool IsSecure { get; }

    string ClientHost { get; }

    /// <summary>True when the peer is in forwarded_allow_ips: only then do X-Forwarded-* count.</summary>
    bool TrustsForwardedHeaders { get; }

    int ClientPort { get; }

    /// <summary>Header fields in arrival order, names lower-cased, values trimmed.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The request body, or null when the route does not read it.</summary>
    ReadOnlyMemory<byte>? Body { get; }

    /// <summary>Named groups of the route's regex (latin-1), empty for plain paths.</summary>
    IReadOnlyDictionary<string, string> Params { get; }
}
