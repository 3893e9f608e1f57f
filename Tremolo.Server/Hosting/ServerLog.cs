namespace Tremolo.Server.Hosting;

/// <summary>
/// The server's log: Tremolo's "[date] module: LEVEL: message" lines, filtered by log_level.
/// Writes are serialised so lines never interleave.
/// </summary>
internal sealed class ServerLog(TextWriter writer, string level)
{
    private static readonly string[] Levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    private readonly int _threshold = Math.Max(0, Array.IndexOf(Levels, level.ToUpperInvariant()));
    private readonly Lock _lock = new();

    public bool IsEnabled(string level) => Array.IndexOf(Levels, level) >= _threshold;

    public void Info(string message) => Write("INFO", message, null);

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
            writer.WriteLine($"[{DateTime.Now:yyyy-MM-dd HH:mm:ss}] tremolo: {level}: {message}");
            if (exception is not null)
            {
                writer.WriteLine(exception);
            }

            writer.Flush();
        }
    }
}
