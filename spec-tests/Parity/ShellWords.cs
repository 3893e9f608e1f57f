using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// POSIX word splitting and quoting as Python's shlex.split / shlex.quote do them, so a
/// TREMOLO_PARITY_CMD means exactly what compare.py's --cmd means. No shell is involved.
/// </summary>
public static partial class ShellWords
{
    [GeneratedRegex(@"[^A-Za-z0-9_@%+=:,./-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();

    public static string Quote(string word)
    {
        if (word.Length == 0)
            return "''";
        return Unsafe().IsMatch(word) ? "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'" : word;
    }

    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < command.Length; i++)
        {
            char c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n':
                    if (inWord)
                        words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    continue;
                case '\\':
                    if (++i == command.Length)
                        throw new FormatException("No escaped character");
                    word.Append(command[i]);
                    break;
                case '\'':
                    int close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                        throw new FormatException("No closing quotation");
                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = ReadDoubleQuoted(command, i + 1, word);
                    break;
                default:
                    word.Append(c);
                    break;
            }
            inWord = true;
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    /// <summary>Inside double quotes a backslash escapes only '"' and '\' (shlex, unlike sh, leaves $ and ` alone).</summary>
    private static int ReadDoubleQuoted(string command, int i, StringBuilder word)
    {
        for (; i < command.Length; i++)
        {
            char c = command[i];
            if (c == '"')
                return i;
            if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\')
                c = command[++i];
            word.Append(c);
        }
        throw new FormatException("No closing quotation");
    }
}
