using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.Config.Patterns;

/// <summary>
/// Translates a Python `re` pattern (as Tremolo compiles it: bytes, so ASCII classes) to
/// .NET: (?P&lt;name&gt;...) to (?&lt;name&gt;...), (?P=name) to \k&lt;name&gt;, \Z to \z, and
/// \d \w \s to their ASCII sets (.NET's are Unicode and would match latin-1 letters).
/// </summary>
public static class PythonRegex
{
    public static string ToDotNet(string python)
    {
        var result = new StringBuilder(python.Length + 16);
        var inClass = false;
        for (var i = 0; i < python.Length; i++)
        {
            var c = python[i];
            if (c == '\\' && i + 1 < python.Length)
            {
                result.Append(Escape(python[++i], inClass));
                continue;
            }

            if (inClass)
            {
                inClass = c != ']' || python[i - 1] == '[' || (python[i - 1] == '^' && python[i - 2] == '[');
                result.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);
            }
            else if (Starts(python, i, "(?P<"))
            {
                result.Append("(?<");
                i += 3;
            }
            else if (Starts(python, i, "(?P=") && python.IndexOf(')', i) is var close and > 0)
            {
                result.Append("\\k<").Append(python, i + 4, close - i - 4).Append('>');
                i = close;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Null when the pattern compiles, else the reason in words.</summary>
    public static string? Check(string dotNetPattern)
    {
        try
        {
            _ = new Regex(dotNetPattern, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException e)
        {
            return RegexErrorText.Describe(e);
        }
    }

    private static string Escape(char c, bool inClass) => c switch
    {
        'd' => inClass ? "0-9" : "[0-9]",
        'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
        's' => inClass ? " \\t\\n\\r\\f\\v" : "[ \\t\\n\\r\\f\\v]",
        'D' when !inClass => "[^0-9]",
        'W' when !inClass => "[^a-zA-Z0-9_]",
        'S' when !inClass => "[^ \\t\\n\\r\\f\\v]",
        'Z' when !inClass => "\\z",
        _ => "\\" + c,
    };

    private static bool Starts(string text, int index, string prefix) =>
        string.CompareOrdinal(text, index, prefix, 0, prefix.Length) == 0;
}
