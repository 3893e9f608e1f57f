using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// The corpus's normalisation (README "Normalisation", in that order): Date values, cookie
/// expiry dates, multipart boundaries, the chat's time stamps, the client ports, and the
/// order of Allow values. Nothing else is rewritten.
/// </summary>
public static partial class Normaliser
{
    // Python's str.isspace() within latin-1; \s in .NET differs (it misses \x1c-\x1f).
    private static readonly char[] PythonSpace = ['\t', '\n', '\v', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f', ' ', '\u0085', '\u00a0'];

    [GeneratedRegex(@"(\r\nDate: )[^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"expires=[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT", RegexOptions.CultureInvariant)]
    private static partial Regex CookieExpires();

    [GeneratedRegex(@"boundary=([^\t\n\v\f\r\x1c-\x1f \x85\xa0;,""]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]", RegexOptions.CultureInvariant)]
    private static partial Regex ChatTime();

    [GeneratedRegex(@"(\r\nAllow: )([^\r\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex AllowHeader();

    public static ExpectedResult Normalise(ReplayResult result)
    {
        var texts = result.Reads.Select(read => Encoding.Latin1.GetString(read.Data)).ToArray();
        // boundaries are collected over the whole case: a multipart body may come in a later read
        var boundaries = Boundary().Matches(string.Concat(texts))
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .OrderByDescending(token => token.Length)
            .ThenBy(token => token, StringComparer.Ordinal)
            .ToArray();
        var portPatterns = result.LocalPorts
            .Select((port, i) => (Pattern: new Regex($"(?<![0-9]){port}(?![0-9])", RegexOptions.CultureInvariant), Name: $"{{CLIENT_PORT_{i}}}"))
            .ToArray();
        var reads = new List<ExpectedRead>(texts.Length);
        for (int r = 0; r < texts.Length; r++)
        {
            string text = DateHeader().Replace(texts[r], "$1{DATE}");
            text = CookieExpires().Replace(text, "expires={COOKIE_EXPIRES}");
            foreach (string token in boundaries)
                text = text.Replace(token, "{BOUNDARY}", StringComparison.Ordinal);
            text = ChatTime().Replace(text, "[{TIME}]");
            foreach (var (pattern, name) in portPatterns)
                text = pattern.Replace(text, name);
            text = AllowHeader().Replace(text, m => m.Groups[1].Value + SortedValues(m.Groups[2].Value));
            var read = result.Reads[r];
            reads.Add(new ExpectedRead(
                read.Conn,
                SplitLines(text),
                result.CheckClose ? read.Eof : null,
                read.Final ? true : null));
        }
        return new ExpectedResult(reads, result.Closed);
    }

    /// <summary>The text as pieces each ending after a '\n' (the last may not; an empty text has none).</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int newline; (newline = text.IndexOf('\n', start)) >= 0; start = newline + 1)
            pieces.Add(text[start..(newline + 1)]);
        if (start < text.Length)
            pieces.Add(text[start..]);
        return pieces;
    }

    private static string SortedValues(string values)
        => string.Join(", ", values.Split(',').Select(v => v.Trim(PythonSpace)).Order(StringComparer.Ordinal));
}
