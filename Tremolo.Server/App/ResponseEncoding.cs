using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Server.Http.ContentCoding;

namespace Tremolo.Server.App;

/// <summary>
/// The `encode` option (a route's list, else the server's): Vary: Accept-Encoding on every
/// compressible answer, and the negotiated coding when the body is long enough. A partial
/// answer (206, Content-Range) or one already encoded is left alone. HEAD runs the same
/// steps as GET, so both carry the same headers.
/// </summary>
internal static class ResponseEncoding
{
    /// <summary>A body in hand: compressed whole when it qualifies.</summary>
    public static ReadOnlyMemory<byte> Apply(HttpContext context, ReadOnlyMemory<byte> data, HandlerOptions options)
    {
        return Encoded(context, data, Codings(context, options));
    }

    /// <summary>
    /// response.end()'s body (error pages, redirects, middleware answers): under the matched
    /// route's `encode` once a route is matched, else the server's (request rules, 404, 405).
    /// </summary>
    public static ReadOnlyMemory<byte> ApplyToEnd(HttpContext context, byte[] data)
    {
        return Encoded(context, data, (context.AppState as AppRequestState)?.RouteEncode ?? context.Options.Encode);
    }

    /// <summary>
    /// A body written as it goes (an event stream): its length is unknown, so encode_min_length
    /// does not apply. Null when it is sent as it is; the caller owns (disposes) the encoder.
    /// </summary>
    public static StreamEncoder? ForStream(HttpContext context, HandlerOptions options) =>
        Negotiate(context, Codings(context, options), long.MaxValue) is { } coding ? StreamEncoder.Create(coding, longLived: true) : null;

    /// <summary>
    /// The coding for an answer of <paramref name="length"/> bytes, its headers set (Vary,
    /// Content-Encoding, the ETag marked); null when sent as it is (Vary still set when compressible).
    /// </summary>
    private static string? Negotiate(HttpContext context, IReadOnlyList<string> codings, long length)
    {
        var response = context.Response;
        if (!IsEncodable(context, codings))
        {
            return null;
        }

        VaryHeader.Add(response.Headers, "Accept-Encoding");
        if (length < context.Options.EncodeMinLength || Choose(context, codings) is not { } coding)
        {
            return null;
        }

        Mark(response, coding);
        return coding;
    }

    private static ReadOnlyMemory<byte> Encoded(HttpContext context, ReadOnlyMemory<byte> data, IReadOnlyList<string> codings) =>
        Negotiate(context, codings, data.Length) is { } coding ? BodyEncoder.Encode(coding, data.Span) : data;

    /// <summary>The `encode` list in effect: the route's own, else the server's.</summary>
    public static IReadOnlyList<string> Codings(HttpContext context, HandlerOptions options) => options.Encode ?? context.Options.Encode;

    /// <summary>True when the answer's type, status and headers let `encode` apply at all.</summary>
    private static bool IsEncodable(HttpContext context, IReadOnlyList<string> codings)
    {
        var response = context.Response;
        return codings.Count > 0 && !response.IsNoContent && response.Status != 206 &&
            !response.Headers.Contains("Content-Range") && !response.Headers.Contains("Content-Encoding") &&
            CompressibleTypes.Contains(response.ContentType);
    }

    /// <summary>The coding Accept-Encoding prefers among <paramref name="codings"/>, or null.</summary>
    public static string? Choose(HttpContext context, IReadOnlyList<string> codings) =>
        AcceptEncoding.Choose(AcceptEncodingHeader(context.Head), codings);

    /// <summary>Content-Encoding set; an ETag marked as the encoded variant (RFC 9110 §8.8.3: its bytes differ).</summary>
    public static void Mark(HttpResponse response, string coding)
    {
        response.Headers.Set("Content-Encoding", coding);
        if (response.Headers.Get("ETag") is { Length: > 1 } etag && etag[^1] == '"')
        {
            response.Headers.Set("ETag", $"{etag[..^1]}-{coding}\"");
        }
    }

    private static string? AcceptEncodingHeader(HttpRequestHead head)
    {
        string? joined = null;
        foreach (ref readonly var field in head.Fields)
        {
            if (head.NameOf(field).SequenceEqual("accept-encoding"u8))
            {
                var value = KnownStrings.HeaderValue(head.ValueOf(field));
                joined = joined is null ? value : joined + "," + value;
            }
        }

        return joined;
    }
}
