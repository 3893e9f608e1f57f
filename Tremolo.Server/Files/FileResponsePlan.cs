namespace Tremolo.Server.Files;

/// <summary>
/// What to send for a file response, decided without touching the network.
/// Head order on the wire (as Tremolo writes it): the status line, <see cref="Headers"/>,
/// then the engine's Date, Server and Connection, then <see cref="HeadersAfterConnection"/>
/// (Content-Type, Transfer-Encoding), then the blank line. <see cref="FileResponseHead"/>
/// writes it in that order.
/// </summary>
public sealed class FileResponsePlan
{
    private static readonly ResponseHeader[] NoHeaders = [];
    private static readonly BodySegment[] NoBody = [];

    private FileResponsePlan(FileInfo file, string version)
    {
        File = file;
        Version = version;
    }

    /// <summary>When set, nothing else applies: the engine sends its error response.</summary>
    public FileResponseError? Error { get; private init; }

    /// <summary>The file the body's file segments are read from.</summary>
    public FileInfo File { get; }

    /// <summary>The request's HTTP version, echoed in the status line ("1.0" or "1.1").</summary>
    public string Version { get; }

    public int Status { get; private init; }

    public string Reason { get; private init; } = "";

    /// <summary>Headers written right after the status line, before Date/Server/Connection.</summary>
    public IReadOnlyList<ResponseHeader> Headers { get; private init; } = NoHeaders;

    /// <summary>Headers written after the Connection header.</summary>
    public IReadOnlyList<ResponseHeader> HeadersAfterConnection { get; private init; } = NoHeaders;

    /// <summary>
    /// True: every literal segment is one chunk, every file segment is sent as chunks of
    /// at most the buffer size (Tremolo: 16384), then the last chunk "0\r\n\r\n".
    /// False: the body is sent as is; its length is the Content-Length header (if any).
    /// </summary>
    public bool Chunked { get; private init; }

    /// <summary>False for HEAD and 304: the head is all that is sent, even when chunked is announced.</summary>
    public bool HasBody { get; private init; }

    /// <summary>The body in order; empty when <see cref="HasBody"/> is false.</summary>
    public IReadOnlyList<BodySegment> Body { get; private init; } = NoBody;

    /// <summary>
    /// Close the connection once this response is sent, whatever the keep-alive decision
    /// written in the Connection header. Tremolo does this after a HEAD of a file and after
    /// a 304: it announces keep-alive, then closes.
    /// </summary>
    public bool CloseAfter { get; private init; }

    internal static FileResponsePlan Fail(FileInfo file, string version, FileResponseError error) =>
        new(file, version) { Error = error };

    internal static FileResponsePlan Create(
        FileInfo file,
        in FileRequest request,
        int status,
        string reason,
        ResponseHeader[] headers,
        ResponseHeader[] headersAfterConnection,
        bool chunked,
        BodySegment[] body) =>
        new(file, request.Version)
        {
            Status = status,
            Reason = reason,
            Headers = headers,
            HeadersAfterConnection = headersAfterConnection,
            Chunked = chunked,
            HasBody = !request.IsHead,
            Body = request.IsHead ? NoBody : body,
            CloseAfter = request.IsHead,
        };

    internal static FileResponsePlan NotModified(FileInfo file, string version) =>
        new(file, version) { Status = 304, Reason = "Not Modified", CloseAfter = true };
}
