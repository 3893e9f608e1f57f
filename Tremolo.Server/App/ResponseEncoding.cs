using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Server.Http.ContentCoding;

namespace Tremolo.Server.App;

/// <summary>
/// The `encode` option on a body in hand: Vary: Accept-Encoding on every compressible answer,
/// and the body compressed with the negotiated coding when it is long enough. A partial
/// answer (206, Content-Range) or one already encoded is left alone. HEAD runs the same
/// steps as GET, so both carry the same headers.
/// </summary>
internal static class ResponseEncoding
{
    public static ReadOnlyMemory<byte> Apply(HttpContext context, ReadOnlyMemory<byte> data, HandlerOptions options)
    {
        var codings = options.Encode ?? context.Options.Encode;
        var response = context.Response;
        if (codings.Count == 0 || response.IsNoContent || response.Status == 206 ||
            response.Headers.Contains("Content-Range") || response.Headers.Contains("Content-Encoding") ||
            !CompressibleTypes.Contains(response.ContentType))
        {
            return data;
        }

        response.Headers.Append("Vary", "Accept-Encoding");
        if (data.Length < context.Options.EncodeMinLength ||
            AcceptEncoding.Choose(AcceptEncodingHeader(context.Head), codings) is not { } coding)
        {
            return data;
        }

        response.Headers.Set("Content-Encoding", coding);
        if (response.Headers.Get("ETag") is { Length: > 1 } etag && etag[^1] == '"')
        {
            // The encoded bytes are another representation: its ETag must differ (RFC 9110 §8.8.3).
            response.Headers.Set("ETag", $"{etag[..^1]}-{coding}\"");
        }

        return BodyEncoder.Encode(coding, data.Span);
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
