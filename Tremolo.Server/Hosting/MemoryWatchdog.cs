using Tremolo.Server.Diagnostics;
using Tremolo.Server.Hosting.Workers;

namespace Tremolo.Server.Hosting;

/// <summary>
/// limit_memory (KiB): Tremolo restarts a worker whose memory passes the limit. A worker of
/// worker_num does as Tremolo's: it drops its connections and exits with status 1, and its
/// supervisor logs that and starts a fresh one. A process serving on its own has nobody to
/// start it again, so its "restart" keeps the listening sockets, drops every connection (as
/// the worker's exit would) and compacts the heap. Checked once a second, like Tremolo.
/// </summary>
internal sealed class MemoryWatchdog : IDisposable
{
    /// <summary>A worker's exit status past the limit: Tremolo's (sys.exit(1)).</summary>
    private const int ExitStatus = 1;

    private readonly long _limitBytes;
    private readonly Action _dropConnections;
    private readonly ServerLog _log;
    private readonly bool _exits = WorkerIdentity.Current is not null;
    private readonly Timer _timer;
    private int _running;

    public MemoryWatchdog(long limitKiB, Action dropConnections, ServerLog log)
    {
        _limitBytes = limitKiB * 1024;
        _dropConnections = dropConnections;
        _log = log;
        _timer = new Timer(_ => Check(), null, 1000, 1000);
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var used = Environment.WorkingSet;
            if (used <= _limitBytes)
            {
                return;
            }

            var exceeded = $"memory limit exceeded ({used / 1024} KiB > limit_memory={_limitBytes / 1024})";
            if (_exits)
            {
                _log.Error($"{exceeded}: the worker exits for its supervisor to start a fresh one");
                _dropConnections();
                Environment.Exit(ExitStatus);
            }

            _log.Error($"{exceeded}: dropping every connection");
            _dropConnections();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
