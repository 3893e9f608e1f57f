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
        return Negotiate(context, options, data.Length) is { } coding ? BodyEncoder.Encode(coding, data.Span) : data;
    }

    /// <summary>
    /// A body written as it goes (an event stream): its length is unknown, so encode_min_length
    /// does not apply. Null when it is sent as it is; the caller owns (disposes) the encoder.
    /// </summary>
    public static StreamEncoder? ForStream(HttpContext context, HandlerOptions options) =>
        Negotiate(context, options, long.MaxValue) is { } coding ? StreamEncoder.Create(coding) : null;

    /// <summary>
    /// The coding for an answer of <paramref name="length"/> bytes, its headers set (Vary,
    /// Content-Encoding, the ETag marked); null when sent as it is (Vary still set when compressible).
    /// </summary>
    public static string? Negotiate(HttpContext context, HandlerOptions options, long length)
    {
        var codings = options.Encode ?? context.Options.Encode;
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

    /// <summary>True when the answer's type, status and headers let `encode` apply at all.</summary>
    public static bool IsEncodable(HttpContext context, IReadOnlyList<string> codings)
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
