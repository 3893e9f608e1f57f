using System.Text;

namespace Tremolo.Templates.Parsing;

/// <summary>
/// request.form as Tremolo's request.form() builds it: urlencoded bodies through
/// parse_qs, multipart bodies through <see cref="MultipartFormParser"/> (fields only),
/// anything else a 400 "invalid Content-Type".
/// </summary>
public static class FormParser
{
    /// <summary>Tremolo's form() default max_size.</summary>
    public const int MaxSize = 8 * 1048576;

    public static FieldMap Parse(IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        string? firstContentType = null;
        var urlencoded = false;
        var multipart = false;
        foreach (var (name, value) in headers)
        {
            if (name != "content-type")
            {
                continue;
            }

            firstContentType ??= value;
            foreach (var item in FieldListParser.Items(value, ';'))
            {
                urlencoded |= item == "application/x-www-form-urlencoded";
                multipart |= item == "multipart/form-data";
            }
        }

        if (urlencoded)
        {
            if (body.Length > MaxSize)
            {
                throw new RequestDataException(500, "form size limit reached");
            }

            // Tremolo leaves bodies of two bytes or less unparsed.
            return body.Length > 2 ? QueryStringParser.Parse(Encoding.Latin1.GetString(body)) : FieldMap.Empty;
        }

        if (multipart)
        {
            return MultipartFormParser.Parse(firstContentType!, body);
        }

        throw new RequestDataException(400, "invalid Content-Type");
    }
}
