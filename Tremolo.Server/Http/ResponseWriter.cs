using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Tremolo.Server.Http;

/// <summary>
/// Serialises response heads and bodies the way Tremolo puts them on the wire. Writes into
/// the connection's buffer writer without intermediate strings.
/// </summary>
internal static class ResponseWriter
{
    /// <summary>Writes a string whose chars are all &lt;= U+00FF as latin-1 bytes.</summary>
    public static void WriteLatin1(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        output.Advance(written);
    }

    public static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    /// <summary>"HTTP/1.1 200 OK\r\n".</summary>
    public static void WriteStatusLine(IBufferWriter<byte> output, bool http11, int status, string message)
    {
        // One piece of the output: "HTTP/1.x " (9), the status (at most 11 digits and sign), " ", the message, CRLF.
        var span = output.GetSpan(9 + 11 + 1 + message.Length + 2);
        (http11 ? "HTTP/1.1 "u8 : "HTTP/1.0 "u8).CopyTo(span);
        Utf8Formatter.TryFormat(status, span[9..], out var digits);
        var at = 9 + digits;
        span[at++] = (byte)' ';
        at += Encoding.Latin1.GetBytes(message, span[at..]);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>"name: value\r\n", in one piece of the output (one GetSpan and Advance, not four).</summary>
    public static void WriteField(IBufferWriter<byte> output, string name, string value)
    {
        var span = output.GetSpan(name.Length + value.Length + 4);
        var at = Encoding.Latin1.GetBytes(name, span);
        span[at++] = (byte)':';
        span[at++] = (byte)' ';
        at += Encoding.Latin1.GetBytes(value, span[at..]);
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>The Date and (unless server_name is empty) Server fields, set last as set_base_headers() does.</summary>
    public static void AddBaseHeaders(ResponseHeaders headers, string serverName)
    {
        headers.Set("Date", ServerClock.Date);
        if (serverName.Length > 0)
        {
            headers.Set("Server", serverName);
        }
    }

    /// <summary>
    /// response.write()'s head: status line, then every header in insertion order, then CRLF.
    /// </summary>
    public static void WriteHead(IBufferWriter<byte> output, bool http11, HttpResponse response)
    {
        WriteStatusLine(output, http11, response.Status, response.Message);
        foreach (var entry in response.Headers.Entries)
        {
            for (var i = 0; i < entry.ValueCount; i++)
            {
                WriteField(output, entry.Name, entry.ValueAt(i));
            }
        }

        output.Write("\r\n"u8);
    }

    /// <summary>
    /// response.end()'s one-shot answer: Content-Type, Content-Length and Connection first,
    /// then the other headers (framing fields excluded), then the body unless HEAD or no-content.
    /// </summary>
    public static void WriteEnd(IBufferWriter<byte> output, bool http11, HttpResponse response, ReadOnlySpan<byte> body, bool keepAlive, bool omitBody)
    {
        WriteStatusLine(output, http11, response.Status, response.Message);
        WriteField(output, "Content-Type", response.ContentType);
        output.Write("Content-Length: "u8);
        WriteNumber(output, body.Length);
        output.Write(keepAlive ? "\r\nConnection: keep-alive\r\n"u8 : "\r\nConnection: close\r\n"u8);
        foreach (var entry in response.Headers.Entries)
        {
            if (IsFraming(entry.Name))
            {
                continue;
            }

            for (var i = 0; i < entry.ValueCount; i++)
            {
                WriteField(output, entry.Name, entry.ValueAt(i));
            }
        }

        output.Write("\r\n"u8);
        if (!omitBody)
        {
            output.Write(body);
        }
    }

    /// <summary>"%X\r\n": the size line of a chunk whose data follows.</summary>
    public static void WriteChunkHeader(IBufferWriter<byte> output, int length) =>
        output.Advance(FormatChunkHeader(output.GetSpan(ChunkHeaderMax), length));

    /// <summary>The longest size line: 16 hex digits and CRLF.</summary>
    public const int ChunkHeaderMax = 18;

    /// <summary>Formats the size line into <paramref name="span"/> (at least <see cref="ChunkHeaderMax"/> long); returns its length.</summary>
    public static int FormatChunkHeader(Span<byte> span, int length)
    {
        Utf8Formatter.TryFormat((ulong)length, span, out var digits, new StandardFormat('X'));
        "\r\n"u8.CopyTo(span[digits..]);
        return digits + 2;
    }

    /// <summary>One chunk of a chunked body ("%X\r\n" data "\r\n"); an empty one is the last chunk.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        WriteChunkHeader(output, data.Length);
        output.Write(data);
        output.Write("\r\n"u8);
    }

    /// <summary>
    /// The answer Tremolo writes when it closes a connection on an error outside any request
    /// (header too large, not a request, request timeout): no Date, no Server, no framing.
    /// </summary>
    public static void WriteBare(IBufferWriter<byte> output, int status, string message, string text)
    {
        WriteStatusLine(output, false, status, message);
        output.Write("Content-Type: text/html; charset=utf-8\r\n\r\n"u8);
        WriteLatin1(output, text);
    }

    private static bool IsFraming(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase);
}
