using System.Globalization;
using System.Text;

namespace Tremolo.Server.Files;

/// <summary>
/// Decides the answer for a file, as Tremolo's response.sendfile(): a whole file, one
/// range (206 + Content-Range), several ranges (206 multipart/byteranges, chunked, parts
/// in reverse order of the Range header), a 304 for an If-Modified-Since equal to
/// Last-Modified, or a 400/416 error. Ranges, If-Range and Accept-Ranges are HTTP/1.1 only.
/// </summary>
public static class FileResponsePlanner
{
    /// <summary>sendfile()'s content type when the route names none.</summary>
    public const string DefaultContentType = "application/octet-stream";

    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>
    /// Plans the answer. Stats the file afresh, as Tremolo does on every request, into a
    /// FileInfo of its own (<see cref="FileResponsePlan.File"/>), so a FileInfo kept per route
    /// may be shared by concurrent requests.
    /// </summary>
    public static FileResponsePlan Plan(FileInfo file, in FileRequest request, string contentType)
    {
        file = new FileInfo(file.FullName);
        if (!file.Exists)
        {
            return FileResponsePlan.Fail(file, request.Version, FileResponseError.NotFound);
        }

        long size = file.Length;
        string lastModified = file.LastWriteTimeUtc.ToString("r", CultureInfo.InvariantCulture);

        if (request.IsHttp11 && request.Range is { Count: > 0 } range)
        {
            // an If-Range that does not name this version asks for the whole file
            if (request.IfRange is { } ifRange && ifRange != lastModified)
            {
                return Whole(file, request, contentType, size, lastModified);
            }

            var ranges = new List<ByteRange>();
            if (RangeHeaderParser.Parse(range, size, ranges) is { } error)
            {
                return FileResponsePlan.Fail(file, request.Version, error);
            }

            return ranges.Count == 1
                ? Single(file, request, contentType, size, ranges[0])
                : Multipart(file, request, contentType, size, ranges);
        }

        if (request.IfModifiedSince == lastModified)
        {
            return FileResponsePlan.NotModified(file, request.Version);
        }

        return Whole(file, request, contentType, size, lastModified);
    }

    private static FileResponsePlan Whole(
        FileInfo file, in FileRequest request, string contentType, long size, string lastModified)
    {
        ResponseHeader[] headers = request.IsHttp11
            ? [new("Last-Modified", lastModified), ContentLength(size), new("Accept-Ranges", "bytes")]
            : [new("Last-Modified", lastModified), ContentLength(size)];

        return FileResponsePlan.Create(
            file, request, 200, "OK", headers, [new("Content-Type", contentType)],
            chunked: false, [BodySegment.FromFile(0, size)]);
    }

    private static FileResponsePlan Single(
        FileInfo file, in FileRequest request, string contentType, long size, ByteRange range) =>
        FileResponsePlan.Create(
            file, request, 206, "Partial Content",
            [ContentLength(range.Length), new("Content-Range", ContentRange(range, size))],
            [new("Content-Type", contentType)],
            chunked: false, [BodySegment.FromFile(range.Start, range.Length)]);

    private static FileResponsePlan Multipart(
        FileInfo file, in FileRequest request, string contentType, long size, List<ByteRange> ranges)
    {
        string boundary = MultipartBoundary.Create();
        var text = new StringBuilder();
        var partHeadEnds = new int[ranges.Count];
        for (int i = 0; i < ranges.Count; i++)
        {
            text.Append("--").Append(boundary).Append("\r\nContent-Type: ").Append(contentType)
                .Append("\r\nContent-Range: ").Append(ContentRange(ranges[i], size)).Append("\r\n\r\n");
            partHeadEnds[i] = text.Length;
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        ReadOnlyMemory<byte> literals = Encoding.Latin1.GetBytes(text.ToString());

        // one chunk per part head, the part's bytes, one chunk for the CRLF after them
        var body = new BodySegment[ranges.Count * 3 + 1];
        int from = 0;
        for (int i = 0; i < ranges.Count; i++)
        {
            body[i * 3] = BodySegment.FromBytes(literals[from..partHeadEnds[i]]);
            body[i * 3 + 1] = BodySegment.FromFile(ranges[i].Start, ranges[i].Length);
            body[i * 3 + 2] = BodySegment.FromBytes(CrLf);
            from = partHeadEnds[i];
        }

        body[^1] = BodySegment.FromBytes(literals[from..]);

        return FileResponsePlan.Create(
            file, request, 206, "Partial Content", [],
            [
                new("Content-Type", "multipart/byteranges; boundary=" + boundary),
                new("Transfer-Encoding", "chunked"),
            ],
            chunked: true, body);
    }

    private static ResponseHeader ContentLength(long length) =>
        new("Content-Length", length.ToString(CultureInfo.InvariantCulture));

    private static string ContentRange(ByteRange range, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {range.Start}-{range.End}/{size}");
}
