namespace Tremolo.Templates.Parsing;

/// <summary>
/// request.cookies as Tremolo builds it: every Cookie header joined with ';', read by
/// <see cref="FieldListParser"/> (so the LAST cookie comes first and repeats accumulate
/// in that order), values percent-decoded to latin-1 text.
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
        var cookies = new FieldMap();
        foreach (var (name, value) in FieldListParser.NameValues(cookieHeader))
        {
            cookies.Add(name, value);
        }

        return cookies;
    }
}
