using System.Globalization;
using Tremolo.Config.Model;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>
/// access_log: one line per answered request, in the Common Log Format plus the duration in
/// seconds (`host - - [time] "request line" status bytes duration`); a WebSocket or SSE
/// session gets its line when it ends, with the messages it took in and sent out. In
/// log_format json the same facts are fields of one JSON object. To stderr with the other
/// records, or appended to a file. Built only when enabled: when off, nothing per request.
/// </summary>
internal sealed class AccessLog : IDisposable
{
    private readonly ServerLog _log;
    private readonly TextWriter? _file;

    private AccessLog(ServerLog log, TextWriter? file)
    {
        _log = log;
        _file = file;
    }

    /// <summary>The access log access_log asks for, or null when it is off.</summary>
    public static AccessLog? Open(string destination, ServerLog log) => destination switch
    {
        ServerOptions.AccessLogOff => null,
        ServerOptions.AccessLogStderr => new AccessLog(log, null),
        var path => new AccessLog(log, TextWriter.Synchronized(new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true })),
    };

    public void Write(in AccessEntry entry)
    {
        var time = DateTimeOffset.Now;
        var offset = time.Offset;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{(entry.RemoteHost.Length == 0 ? "-" : entry.RemoteHost)} - - [{time:dd/MMM/yyyy:HH:mm:ss} {(offset < TimeSpan.Zero ? '-' : '+')}{offset:hhmm}] \"{entry.Method} {entry.Target} HTTP/{entry.Version}\" {entry.Status} {entry.BytesSent} {entry.Duration.TotalSeconds:F6}");
        if (entry.Session)
        {
            line += $" messages_in={entry.MessagesIn} messages_out={entry.MessagesOut}";
        }

        if (_log.IsJson)
        {
            line = _log.FormatJson("INFO", line,
            [
                new("remote", entry.RemoteHost), new("method", entry.Method), new("target", entry.Target), new("version", entry.Version),
                new("status", entry.Status), new("bytes", entry.BytesSent), new("duration", Math.Round(entry.Duration.TotalSeconds, 6)),
                .. entry.Session ? (LogField[])[new("messages_in", entry.MessagesIn), new("messages_out", entry.MessagesOut)] : [],
            ]);
        }

        if (_file is null)
        {
            _log.WriteRaw(line);
        }
        else
        {
            _file.WriteLine(line);
        }
    }

    public void Dispose() => _file?.Dispose();
}
