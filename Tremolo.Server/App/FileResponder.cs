using Tremolo.Config.Model;
using Tremolo.Server.Files;
using Tremolo.Server.Http;
using Tremolo.Server.Http.ContentCoding;

namespace Tremolo.Server.App;

/// <summary>
/// response.sendfile() on the wire: the planner decides status, ranges and headers; the head
/// goes out through the streamed-head path (so request-rule headers come first, as in
/// Tremolo), then the planned body at the route's rate (or download_rate). Under `encode`, a
/// compressible file asked for whole goes as its precompressed sibling when there is one for
/// the negotiated coding, else compressed on the fly if it is at least encode_min_length;
/// a Range request is answered from the file as it is.
/// </summary>
internal static class FileResponder
{
    /// <param name="folder">the `directory:` the file was found in (its checks apply to a sibling), null for `file:`</param>
    public static async Task SendAsync(HttpContext context, FileInfo file, string contentType, int bufferSize, long rate, HandlerOptions options, DirectoryResolver? folder)
    {
        var head = context.Head;
        var request = Request(head);
        var (coding, sibling) = Variant(context, file, contentType, request, options, folder);
        var plan = FileResponsePlanner.Plan(sibling ?? file, request, contentType);
        if (plan.Error is { } error)
        {
            throw new HttpError(error.Code, error.Text, error.Message);
        }

        var response = context.Response;
        response.SetStatus(plan.Status, plan.Reason);
        foreach (var header in plan.Headers)
        {
            response.Headers.Set(header.Name, header.Value);
        }

        foreach (var header in plan.HeadersAfterConnection)
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.SetContentType(header.Value);
            }
        }

        if (plan.CloseAfter)
        {
            // Tremolo answers a file HEAD or a 304 with keep-alive, then closes.
            context.Framing.CloseAfterResponse();
        }

        if (coding is not null && plan.Status == 200)
        {
            ResponseEncoding.Mark(response, coding);
            // The encoded bytes have no ranges of their own: a Range request gets the file as it is.
            response.Headers.Remove("Accept-Ranges");
            if (sibling is null)
            {
                response.Headers.Remove("Content-Length");
                using var encoder = StreamEncoder.Create(coding);

                // Its length unknown until the end: the framing's owner chunks it (HTTP/1.1) or lets the close end it.
                if (StreamHead.Write(context))
                {
                    await FileBodyWriter.WriteEncodedAsync(plan, context, encoder, response.Chunked, bufferSize, rate);
                }

                return;
            }
        }

        if (StreamHead.Write(context, plan.Chunked))
        {
            await FileBodyWriter.WriteAsync(plan, context, bufferSize, rate);
        }
    }

    /// <summary>
    /// The coding to send the file with (null: as it is) and its precompressed sibling if one is
    /// used; Vary: Accept-Encoding is set on every compressible file answer, ranges included.
    /// </summary>
    private static (string? Coding, FileInfo? Sibling) Variant(
        HttpContext context, FileInfo file, string contentType, in FileRequest request, HandlerOptions options, DirectoryResolver? folder)
    {
        var codings = ResponseEncoding.Codings(context, options);
        if (codings.Count == 0 || !CompressibleTypes.Contains(contentType) || context.Response.Headers.Contains("Content-Encoding"))
        {
            return default;
        }

        VaryHeader.Add(context.Response.Headers, "Accept-Encoding");
        if ((request.IsHttp11 && request.Range is { Count: > 0 }) || ResponseEncoding.Choose(context, codings) is not { } coding)
        {
            return default;
        }

        file.Refresh();
        if (!file.Exists)
        {
            // A sibling never stands in for a missing original: the planner answers 404.
            return default;
        }

        if (PrecompressedFile.Find(file, coding, folder) is { } sibling)
        {
            return (coding, sibling);
        }

        return file.Length >= context.Options.EncodeMinLength ? (coding, null) : default;
    }

    private static FileRequest Request(HttpRequestHead head)
    {
        List<string>? ranges = null;
        string? ifRange = null;
        string? ifModifiedSince = null;
        foreach (ref readonly var field in head.Fields)
        {
            var name = head.NameOf(field);
            if (name.SequenceEqual("range"u8))
            {
                (ranges ??= []).Add(Latin1.GetString(head.ValueOf(field)));
            }
            else if (name.SequenceEqual("if-range"u8))
            {
                ifRange ??= Latin1.GetString(head.ValueOf(field));
            }
            else if (name.SequenceEqual("if-modified-since"u8))
            {
                ifModifiedSince ??= Latin1.GetString(head.ValueOf(field));
            }
        }

        return new FileRequest(head.Method, head.Version, ranges, ifRange, ifModifiedSince);
    }
}
