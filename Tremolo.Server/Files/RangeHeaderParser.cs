using Tremolo.Templates.Parsing;

namespace Tremolo.Server.Files;

/// <summary>
/// Reads Range header values the way Tremolo's sendfile() does, so the same requests get
/// the same 206/400/416 answers:
/// - several Range headers are joined with ';' and read as "unit=spec" fields;
/// - fields, and the comma-separated specs inside a field, are taken from the LAST one
///   backwards (at most 100 of each), which is why multipart parts come in reverse order;
/// - a field with an empty name is skipped; any other unit, or an empty spec, is 400;
/// - a spec value is percent-decoded; numbers follow Python's int() (spaces, '+', '_');
/// - "a-0" means a-a ("bytes=3-0" is byte 3);
/// - the first failing spec decides: not a number -> 400, outside the file -> 416.
/// Deviation: a zero-length suffix ("-0") is 416 (RFC 9110 14.1.1), where Tremolo sends
/// nothing at all.
/// </summary>
internal static class RangeHeaderParser
{
    private const int MaxFields = 100;

    /// <summary>Fills <paramref name="ranges"/> in serving order; returns the error, if any.</summary>
    public static FileResponseError? Parse(IReadOnlyList<string> values, long fileSize, List<ByteRange> ranges)
    {
        ReadOnlySpan<char> header = values.Count == 1 ? values[0] : string.Join(';', values);
        foreach (var field in new LastFirstSplit(header, ';', MaxFields))
        {
            if (ParseField(field, fileSize, ranges) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static FileResponseError? ParseField(ReadOnlySpan<char> field, long fileSize, List<ByteRange> ranges)
    {
        int equals = field.IndexOf('=');
        ReadOnlySpan<char> name = PyText.Strip(equals < 0 ? field : field[..equals]);
        if (name.IsEmpty)
        {
            return null;
        }

        ReadOnlySpan<char> raw = equals < 0 ? default : field[(equals + 1)..].Trim(" \t\"");
        if (!name.Equals("bytes", StringComparison.OrdinalIgnoreCase) || raw.IsEmpty)
        {
            return FileResponseError.BadRange;
        }

        Span<char> decoded = raw.Length <= 256 ? stackalloc char[raw.Length] : new char[raw.Length];
        decoded = decoded[..PercentDecoder.Decode(raw, decoded)];

        foreach (var spec in new LastFirstSplit(decoded, ',', MaxFields))
        {
            if (ParseSpec(PyText.Strip(spec), fileSize, ranges) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static FileResponseError? ParseSpec(ReadOnlySpan<char> spec, long fileSize, List<ByteRange> ranges)
    {
        long start;
        long end;
        if (spec.StartsWith('-'))
        {
            // suffix: the last N bytes; the whole sign-including text is the number
            if (!PyText.TryParseInt(spec, out long suffix))
            {
                return FileResponseError.BadRange;
            }

            start = fileSize + suffix;
            if (start < 0 || suffix == 0)
            {
                return FileResponseError.NotSatisfiable;
            }

            end = fileSize - 1;
        }
        else if (spec.EndsWith('-'))
        {
            if (!PyText.TryParseInt(spec[..^1], out start))
            {
                return FileResponseError.BadRange;
            }

            if (start >= fileSize)
            {
                return FileResponseError.NotSatisfiable;
            }

            end = fileSize - 1;
        }
        else
        {
            int dash = spec.IndexOf('-');
            if (dash < 0
                || !PyText.TryParseInt(spec[..dash], out start)
                || !PyText.TryParseInt(spec[(dash + 1)..], out end))
            {
                return FileResponseError.BadRange;
            }

            if (end == 0)
            {
                end = start;
            }

            if (start > end || end >= fileSize)
            {
                return FileResponseError.NotSatisfiable;
            }
        }

        ranges.Add(new ByteRange(start, end));
        return null;
    }
}
