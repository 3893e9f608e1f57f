using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Says whether an answer to a (possibly damaged) request is acceptable: nothing at all, an
/// error status, or a 1xx/2xx/3xx only when the request still is a well-formed one.
/// </summary>
public static partial class AnswerJudge
{
    [GeneratedRegex(@"\AHTTP/1\.[01] ([1-5][0-9]{2}) [\x20-\x7e]*\r\n", RegexOptions.CultureInvariant)]
    private static partial Regex StatusLine();

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Judge(byte[] request, byte[] answer)
    {
        if (answer.Length == 0)
            return null;
        var head = Encoding.Latin1.GetString(answer, 0, Math.Min(answer.Length, 512));
        var match = StatusLine().Match(head);
        if (!match.Success)
            return "no valid status line";
        int status = int.Parse(match.Groups[1].ValueSpan);
        if (status >= 400)
            return null;
        return StrictRequestHead.IsWellFormed(request) ? null : $"{status} for a malformed request";
    }
}
