namespace Tremolo.Templates.Parsing;

/// <summary>
/// Python 3.11's urllib.parse.parse_qs as Tremolo calls it (query string and urlencoded
/// forms): '&amp;' separates fields (';' does not), fields without '=' or with an empty
/// value are dropped, '+' is a space, %XX is decoded as UTF-8 with U+FFFD for bad bytes.
/// </summary>
public static class QueryStringParser
{
    public const int MaxFields = 100;

    /// <exception cref="RequestDataException">More than <paramref name="maxFields"/> fields (Python's ValueError: a 500).</exception>
    public static FieldMap Parse(string text, int maxFields = MaxFields)
    {
        if (text.Length == 0)
        {
            return FieldMap.Empty;
        }

        // parse_qs counts separators before parsing anything, empty fields included.
        if (text.AsSpan().Count('&') + 1 > maxFields)
        {
            throw new RequestDataException(500, "Max number of fields exceeded");
        }

        var fields = new FieldMap();
        foreach (var range in text.AsSpan().Split('&'))
        {
            var field = text.AsSpan(range);
            var equals = field.IndexOf('=');
            if (equals < 0 || equals == field.Length - 1)
            {
                continue;
            }

            fields.Add(Decode(field[..equals]), Decode(field[(equals + 1)..]));
        }

        return fields;
    }

    private static string Decode(ReadOnlySpan<char> part) =>
        PercentDecoder.ToUtf8(part.ToString().Replace('+', ' '));
}
