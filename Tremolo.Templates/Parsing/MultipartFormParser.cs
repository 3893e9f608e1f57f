using System.Text;

namespace Tremolo.Templates.Parsing;

/// <summary>
/// The non-file fields of a multipart/form-data body, read the way Tremolo's
/// request.files() reads a body that has fully arrived: parts split on "\r\n--BOUNDARY",
/// part headers parsed like request headers, a part with a filename parameter skipped,
/// field values decoded as strict UTF-8, at most 100 parts.
/// Tremolo 0.5.2 itself then fails every body with a part: its reader reads once more
/// past the end and answers 500 "async generator raised StopAsyncIteration". We return
/// the fields instead (a deliberate difference; no parity case covers multipart).
/// </summary>
public static class MultipartFormParser
{
    public const int MaxParts = 100;
    private const int MaxHeaderSize = 8192;
    private const int MaxHeaderLines = 99;
    private const int MaxLineSize = 8190;

    public static FieldMap Parse(string contentType, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return FieldMap.Empty;
        }

        var boundary = Boundary(contentType) ?? throw new RequestDataException(400, "missing boundary");
        var open = Encoding.Latin1.GetBytes($"--{boundary}\r\n");
        var close = Encoding.Latin1.GetBytes($"--{boundary}--");
        var delimiter = Encoding.Latin1.GetBytes($"\r\n--{boundary}");

        var fields = new FieldMap();
        var rest = body;
        for (var part = 0; part < MaxParts; part++)
        {
            var headerEnd = rest.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                if (rest.Length > MaxHeaderSize)
                {
                    throw Malformed("header too large");
                }

                return rest.StartsWith(close) ? fields : throw Malformed("incomplete read");
            }

            // Tremolo looks for the closing boundary only when it waits for more data:
            // before the first part, and when a part has no end.
            if (part == 0 && rest.StartsWith(close))
            {
                return fields;
            }

            var headerSize = headerEnd + 2;
            var content = rest[(headerEnd + 4)..];
            var end = content.IndexOf(delimiter);
            if (end < 0)
            {
                if (rest.StartsWith(close))
                {
                    return fields;
                }

                throw content.Length >= FormParser.MaxSize
                    ? new RequestDataException(500, "fragmented file. consider increasing the max_size limit or stream using request.files()")
                    : Malformed("incomplete read");
            }

            var (name, isFile) = rest[..headerSize].IndexOf(open) >= 0
                ? Disposition(rest[..headerSize])
                : ("", false);
            if (!isFile)
            {
                fields.Add(name, StrictUtf8Decoder.Decode(content[..end]));
            }

            rest = content[(end + 2)..];
        }

        return fields;
    }

    /// <summary>The last non-empty boundary parameter of the Content-Type.</summary>
    private static string? Boundary(string contentType)
    {
        foreach (var (name, value) in FieldListParser.NameValues(contentType))
        {
            if (name == "boundary" && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The part's field name and whether it is a file. Its first line (the boundary) is
    /// skipped like a request line; header lines are read until one is malformed.
    /// </summary>
    private static (string Name, bool IsFile) Disposition(ReadOnlySpan<byte> header)
    {
        var text = Encoding.Latin1.GetString(header);
        var lines = text.Split("\r\n");
        if (lines[0].Length > MaxLineSize || !IsSafe(lines[0]))
        {
            return ("", false);
        }

        for (var i = 1; i < lines.Length && i <= MaxHeaderLines && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if (line.Length > MaxLineSize || !IsSafe(line))
            {
                break;
            }

            var colon = line.IndexOf(':', 1);
            if (colon <= 0 || line[colon - 1] == ' ')
            {
                break;
            }

            if (PyText.AsciiLower(line[..colon]) == "content-disposition")
            {
                return Parameters(line.Substring(colon + 1).Trim(' ', '\t'));
            }
        }

        return ("", false);
    }

    private static (string Name, bool IsFile) Parameters(string disposition)
    {
        var name = "";
        var isFile = false;
        // Fields come last first and Tremolo stores them in a dict: the first one written wins.
        foreach (var (key, value) in FieldListParser.NameValues(disposition))
        {
            if (key == "name")
            {
                name = value;
            }

            isFile |= key == "filename";
        }

        return (name, isFile);
    }

    private static bool IsSafe(string line) => line.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;

    private static RequestDataException Malformed(string what) => new(400, $"malformed multipart/form-data: {what}");
}
