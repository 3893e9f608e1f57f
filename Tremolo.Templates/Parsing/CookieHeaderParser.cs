namespace Tremolo.Templates.Parsing;

/// <summary>
/// request.cookies as Tremolo builds it: every Cookie header joined with ';', read by
/// <see cref="FieldListParser"/> (the last 100 fields; a repeated name lists its LAST value
/// first, as Tremolo), values percent-decoded to latin-1 text. Names keep the order they
/// were sent in, so a loop over the cookies follows the header.
/// </summary>
public static class CookieHeaderParser
{
    public static FieldMap Parse(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        string? joined = null;
        foreach (var (name, value) in headers)
        {
            if (name == "cookie")
            {
                joined = joined is null ? value : string.Concat(joined, ";", value);
            }
        }

        return joined is null ? FieldMap.Empty : Parse(joined);
    }

    public static FieldMap Parse(string cookieHeader)
    {
        // The parser yields last first: walk its output backwards so names come in sent
        // order, putting each value first to keep Tremolo's last-first order per name.
        var lastFirst = FieldListParser.NameValues(cookieHeader).ToList();
        var cookies = new FieldMap();
        for (var i = lastFirst.Count - 1; i >= 0; i--)
        {
            cookies.AddFirst(lastFirst[i].Key, lastFirst[i].Value);
        }

        return cookies;
    }
}
