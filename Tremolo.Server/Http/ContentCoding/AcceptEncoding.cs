using System.Globalization;

namespace Tremolo.Server.Http.ContentCoding;

/// <summary>
/// Accept-Encoding negotiation (RFC 9110 §12.5.3): the offered coding with the highest
/// q-value wins, q=0 refuses it, `*` stands for every coding not named, and the server's
/// order breaks ties. Null when nothing offered is acceptable (identity is then sent).
/// </summary>
internal static class AcceptEncoding
{
    public static string? Choose(string? header, IReadOnlyList<string> offered)
    {
        if (string.IsNullOrEmpty(header) || offered.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestQ = 0.0;
        foreach (var coding in offered)
        {
            var q = QualityOf(header, coding);
            if (q > bestQ)
            {
                best = coding;
                bestQ = q;
            }
        }

        return best;
    }

    /// <summary>The q-value the header gives <paramref name="coding"/>: its own entry, else `*`'s, else 0.</summary>
    private static double QualityOf(string header, string coding)
    {
        double? star = null;
        foreach (var range in header.AsSpan().Split(','))
        {
            var entry = header.AsSpan()[range].Trim();
            var semicolon = entry.IndexOf(';');
            var name = (semicolon < 0 ? entry : entry[..semicolon]).Trim();
            var q = semicolon < 0 ? 1.0 : Quality(entry[(semicolon + 1)..]);
            if (name.Equals(coding, StringComparison.OrdinalIgnoreCase) ||
                (coding == "gzip" && name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)))
            {
                return q;
            }

            if (name is "*")
            {
                star = q;
            }
        }

        return star ?? 0;
    }

    /// <summary>The q parameter of an entry's parameters; a malformed one counts as 0 (not acceptable).</summary>
    private static double Quality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length >= 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=')
            {
                return double.TryParse(parameter[2..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1 ? q : 0;
            }
        }

        return 1;
    }
}
