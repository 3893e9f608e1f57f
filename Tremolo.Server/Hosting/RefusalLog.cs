using Tremolo.Server.Diagnostics;
using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>
/// Connections refused over max_connections / max_connections_per_ip: each counted in the
/// metrics at once, and logged at most once a second on the server's clock, one line saying how
/// many were refused since the last, so a flood of connections is not a flood of log lines.
/// </summary>
internal sealed class RefusalLog(ServerLog log, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private int _overTotal;
    private int _overPerIp;
    private int _totalLimit;
    private int _perIpLimit;
    private long? _lastLine;
    private ITimer? _due;
    private bool _disposed;

    /// <param name="limit">The limit that was reached, as the listener has it.</param>
    public void Refused(ConnectionRefusal reason, int limit)
    {
        TremoloMetrics.ConnectionRefused(reason == ConnectionRefusal.MaxConnectionsPerIp);
        lock (_lock)
        {
            if (reason == ConnectionRefusal.MaxConnectionsPerIp)
            {
                _overPerIp++;
                _perIpLimit = limit;
            }
            else
            {
                _overTotal++;
                _totalLimit = limit;
            }

            if (_due is not null || _disposed)
            {
                return;
            }

            var wait = _lastLine is { } last ? Period - time.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait <= TimeSpan.Zero)
            {
                WriteLine();
            }
            else
            {
                _due = time.CreateTimer(_ => Flush(), null, wait, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Writes what is still untold (at shutdown) and stops the timer.</summary>
    public void Dispose()
    {
        Flush();
        lock (_lock)
        {
            _disposed = true;
        }
    }

    private void Flush()
    {
        lock (_lock)
        {
            _due?.Dispose();
            _due = null;
            if (!_disposed && _overTotal + _overPerIp > 0)
            {
                WriteLine();
            }
        }
    }

    private void WriteLine()
    {
        var count = _overTotal + _overPerIp;
        var reasons = string.Join(", ", new[]
        {
            _overTotal > 0 ? $"{_overTotal} over max_connections ({_totalLimit})" : null,
            _overPerIp > 0 ? $"{_overPerIp} over max_connections_per_ip ({_perIpLimit})" : null,
        }.OfType<string>());
        log.Warning($"{count} connection{(count == 1 ? "" : "s")} refused since the last such line: {reasons}", new LogField("refused", count));
        _overTotal = _overPerIp = 0;
        _lastLine = time.GetTimestamp();
    }
}
