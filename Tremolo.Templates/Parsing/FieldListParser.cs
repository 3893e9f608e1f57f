namespace Tremolo.Templates.Parsing;

/// <summary>
/// Tremolo's parser of separated header fields (cookies, Content-Type parameters,
/// Content-Disposition). It scans from the END of the text, so fields come out last
/// first, and stops after 100 fields.
/// </summary>
internal static class FieldListParser
{
    public const int MaxFields = 100;

    /// <summary>
    /// name=value fields: names trimmed of whitespace and ASCII-lower-cased, values trimmed of
    /// space, tab and '"', then percent-decoded (latin-1 result). A field whose raw name is
    /// empty ("=x" or "") is skipped but still counts toward the limit.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> NameValues(string text, char separator = ';')
    {
        var end = text.Length;
        for (var remaining = MaxFields; remaining > 0; remaining--)
        {
            var start = text.LastIndexOf(separator, Math.Max(end - 1, 0), end) + 1;
            var field = text.AsSpan(start, end - start);
            var equals = field.IndexOf('=');
            var name = equals < 0 ? field : field[..equals];
            if (!name.IsEmpty)
            {
                var value = equals < 0 ? [] : field[(equals + 1)..];
                yield return new(
                    PyText.AsciiLower(name.Trim(PyText.Whitespace).ToString()),
                    PercentDecoder.ToLatin1(value.Trim(" \t\"").ToString()));
            }

            if (start == 0)
            {
                yield break;
            }

            end = start - 1;
        }
    }

    /// <summary>Plain fields (no '='), trimmed of whitespace and ASCII-lower-cased.</summary>
    public static IEnumerable<string> Items(string text, char separator)
    {
        var end = text.Length;
        for (var remaining = MaxFields; remaining > 0; remaining--)
        {
            var start = text.LastIndexOf(separator, Math.Max(end - 1, 0), end) + 1;
            yield return PyText.AsciiLower(text.AsSpan(start, end - start).Trim(PyText.Whitespace).ToString());
            if (start == 0)
            {
                yield break;
            }

            end = start - 1;
        }
    }
}
