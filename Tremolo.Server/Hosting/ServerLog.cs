namespace Tremolo.Server.Hosting;

/// <summary>
/// The server's log: lines in log_fmt (by default Tremolo's "[date] module: LEVEL: message"),
/// filtered by log_level. Writes are serialised so lines never interleave.
/// </summary>
internal sealed class ServerLog(TextWriter writer, string level, string format = "")
{
    private static readonly string[] Levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    private readonly int _threshold = Math.Max(0, Array.IndexOf(Levels, level.ToUpperInvariant()));
    private readonly Lock _lock = new();
    private readonly LogFormat _format = new(format);
    private readonly System.Text.StringBuilder _line = new();

    public bool IsEnabled(string level) => Array.IndexOf(Levels, level) >= _threshold;

    public void Info(string message) => Write("INFO", message, null);

    public void Warning(string message) => Write("WARNING", message, null);

    public void Error(string message, Exception? exception = null) => Write("ERROR", message, exception);

    /// <summary>Unconditional lines (start-up banner, listening addresses).</summary>
    public void Print(string message)
    {
        lock (_lock)
        {
            writer.WriteLine($"[{DateTime.Now:yyyy-MM-dd HH:mm:ss}] {message}");
            writer.Flush();
        }
    }

    private void Write(string level, string message, Exception? exception)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        lock (_lock)
        {
            _line.Clear();
            _format.Write(_line, DateTime.Now, level, message);
            writer.WriteLine(_line);
            if (exception is not null)
            {
                writer.WriteLine(exception);
            }

            writer.Flush();
        }
    }
}
