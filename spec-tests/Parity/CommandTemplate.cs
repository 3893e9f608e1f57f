using System.Text;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// compare.py's --cmd template: {port}, {yaml}, {app_dir}, {app} ({{ and }} are literal
/// braces); the two paths are shell-quoted, then the result is split into argv.
/// </summary>
public static class CommandTemplate
{
    public static IReadOnlyList<string> Expand(string template, int port, string yamlPath, string appDir, string app)
    {
        var values = new Dictionary<string, string>
        {
            ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["yaml"] = ShellWords.Quote(yamlPath),
            ["app_dir"] = ShellWords.Quote(appDir),
            ["app"] = app,
        };
        var command = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                command.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int close = template.IndexOf('}', i);
                string name = close < 0 ? "" : template[(i + 1)..close];
                if (!values.TryGetValue(name, out var value))
                    throw new FormatException($"unknown placeholder in '{template}' at {i} (use {{port}}, {{yaml}}, {{app_dir}}, {{app}})");
                command.Append(value);
                i = close;
            }
            else if (c == '}')
            {
                throw new FormatException($"single '}}' in '{template}' at {i}");
            }
            else
            {
                command.Append(c);
            }
        }
        return ShellWords.Split(command.ToString());
    }
}
