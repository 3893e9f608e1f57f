using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.Config.Patterns;

/// <summary>
/// Why a pattern does not compile, without .NET's "Invalid pattern '...' at offset N": that
/// quotes the translated .NET pattern and an offset into it, not what the user wrote (the
/// caller quotes the user's pattern). RegexParseError names the reason; it reads as words.
/// </summary>
internal static class RegexErrorText
{
    public static string Describe(ArgumentException error) =>
        error is RegexParseException parse ? Words(parse.Error.ToString()) : error.Message;

    /// <summary>"InsufficientClosingParentheses" → "insufficient closing parentheses".</summary>
    private static string Words(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
