using System.Text;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// The server's log. Records (filtered by log_level) go to <paramref name="records"/> (stderr
/// under `tremolo serve`) as log_fmt lines or, with log_format json, one JSON object a line;
/// the start-up lines (listening addresses, shutting down) go to <paramref name="console"/>
/// (stdout), as Tremolo prints them. Writes are serialised so lines never interleave. In a
/// worker of worker_num, every line says its pid: `tremolo[PID]:` in text (unless log_fmt is
/// the user's own; `%(process)d` gives it there), `pid` and `worker` fields in JSON.
/// <paramref name="worker"/>: that worker's number (the hosting layer knows it), null in a process serving on its own.
/// </summary>
internal sealed class ServerLog(TextWriter records, TextWriter console, string level, string format = "", bool json = false, int? worker = null)
{
    private static readonly string[] Levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    private readonly int _threshold = Math.Max(0, Array.IndexOf(Levels, level.ToUpperInvariant()));
    private readonly Lock _lock = new();
    private readonly LogFormat _format = new(format.Length == 0 && worker is not null ? LogFormat.WorkerDefault : format);
    private readonly JsonLogLine? _json = json ? new JsonLogLine(worker) : null;
    private readonly string _printPrefix = worker is not null ? $"tremolo[{Environment.ProcessId}]: " : "";
    private readonly StringBuilder _line = new();

    /// <summary>One writer for both records and start-up lines (tests, embedding).</summary>
    public ServerLog(TextWriter writer, string level, string format = "")
        : this(writer, writer, level, format)
    {
    }

    public bool IsJson => _json is not null;

    /// <summary>log_level DEBUG: checked before building a debug message, so none is built otherwise.</summary>
    public bool IsDebug => _threshold == 0;

    public bool IsEnabled(string level) => Array.IndexOf(Levels, level) >= _threshold;

    public void Debug(string message, params ReadOnlySpan<LogField> fields) => Write("DEBUG", message, null, fields);

    public void Info(string message, params ReadOnlySpan<LogField> fields) => Write("INFO", message, null, fields);

    public void Warning(string message, params ReadOnlySpan<LogField> fields) => Write("WARNING", message, null, fields);

    public void Error(string message, Exception? exception = null, params ReadOnlySpan<LogField> fields) => Write("ERROR", message, exception, fields);

    /// <summary>Unconditional lines on the console (start-up banner, listening addresses).</summary>
    public void Print(string message)
    {
        lock (_lock)
        {
            console.WriteLine(_json is { } json
                ? json.Format(DateTime.Now, "INFO", message, [])
                : $"[{DateTime.Now:yyyy-MM-dd HH:mm:ss}] {_printPrefix}{message}");
            console.Flush();
        }
    }

    /// <summary>A line that carries its own format (an access log line in text): written as it is.</summary>
    public void WriteRaw(string line)
    {
        lock (_lock)
        {
            records.WriteLine(line);
            records.Flush();
        }
    }

    /// <summary>A record in JSON whatever log_level says (an access log line in json).</summary>
    public string FormatJson(string level, string message, ReadOnlySpan<LogField> fields)
    {
        lock (_lock)
        {
            return (_json ?? new JsonLogLine(worker)).Format(DateTime.Now, level, message, fields);
        }
    }

    private void Write(string level, string message, Exception? exception, ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        lock (_lock)
        {
            if (_json is { } json)
            {
                records.WriteLine(exception is null
                    ? json.Format(DateTime.Now, level, message, fields)
                    : json.Format(DateTime.Now, level, message, [.. fields, new("exception", exception.ToString())]));
            }
            else
            {
                _line.Clear();
                _format.Write(_line, DateTime.Now, level, message);
                records.WriteLine(_line);
                if (exception is not null)
                {
                    records.WriteLine(exception);
                }
            }

            records.Flush();
        }
    }
}
