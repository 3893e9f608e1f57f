using System.Text;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// log_fmt: a Python logging format (`%(asctime)s %(levelname)s %(message)s`), parsed once.
/// The attributes a server line has are supported: asctime, created, levelname, levelno,
/// message, module, name, process and thread; `%%` is a percent sign. Anything else is kept
/// as written. Empty means Tremolo's own line, `[%(asctime)s] %(module)s: %(levelname)s: %(message)s`.
/// </summary>
internal sealed class LogFormat
{
    public const string TremoloDefault = "[%(asctime)s] %(module)s: %(levelname)s: %(message)s";

    /// <summary>The default in a worker of worker_num: the workers share one output, so each line names its pid.</summary>
    public const string WorkerDefault = "[%(asctime)s] %(module)s[%(process)d]: %(levelname)s: %(message)s";

    private static readonly string[] Attributes = ["asctime", "created", "levelname", "levelno", "message", "module", "name", "process", "thread"];

    // Literal text, or an attribute name.
    private readonly List<(string Text, bool IsAttribute)> _parts = [];

    public LogFormat(string format)
    {
        if (format.Length == 0)
        {
            format = TremoloDefault;
        }

        var literal = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            if (format[i] == '%' && i + 1 < format.Length && format[i + 1] == '%')
            {
                literal.Append('%');
                i += 2;
                continue;
            }

            if (format[i] == '%' && i + 1 < format.Length && format[i + 1] == '(' && Attribute(format, i) is ({ } name, var length))
            {
                Flush(literal);
                _parts.Add((name, true));
                i += length;
                continue;
            }

            literal.Append(format[i]);
            i++;
        }

        Flush(literal);
    }

    public void Write(StringBuilder line, DateTime time, string level, string message)
    {
        foreach (var (text, isAttribute) in _parts)
        {
            if (!isAttribute)
            {
                line.Append(text);
                continue;
            }

            switch (text)
            {
                case "asctime":
                    line.Append(time.ToString("yyyy-MM-dd HH:mm:ss,fff", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "created":
                    line.Append(((DateTimeOffset)time).ToUnixTimeMilliseconds() / 1000.0);
                    break;
                case "levelname":
                    line.Append(level);
                    break;
                case "levelno":
                    line.Append(LevelNumber(level));
                    break;
                case "message":
                    line.Append(message);
                    break;
                case "module" or "name":
                    line.Append("tremolo");
                    break;
                case "process":
                    line.Append(Environment.ProcessId);
                    break;
                case "thread":
                    line.Append(Environment.CurrentManagedThreadId);
                    break;
            }
        }
    }

    private static int LevelNumber(string level) => level switch
    {
        "DEBUG" => 10,
        "INFO" => 20,
        "WARNING" => 30,
        "ERROR" => 40,
        _ => 50,
    };

    /// <summary>`%(name)s` or `%(name)d` at <paramref name="start"/> naming a known attribute.</summary>
    private static (string? Name, int Length) Attribute(string format, int start)
    {
        var close = format.IndexOf(')', start + 2);
        if (close < 0 || close + 1 >= format.Length || format[close + 1] is not ('s' or 'd'))
        {
            return (null, 0);
        }

        var name = format[(start + 2)..close];
        var known = Array.Find(Attributes, a => a == name);
        return (known, close + 2 - start);
    }

    private void Flush(StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            _parts.Add((literal.ToString(), false));
            literal.Clear();
        }
    }
}
