using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Hosting;

/// <summary>
/// limit_memory (KiB): Tremolo restarts a worker whose memory passes the limit. Here the one
/// process is the worker, so a "restart" keeps the listening sockets, drops every connection
/// (as the worker's exit would) and compacts the heap. Checked once a second, like Tremolo.
/// </summary>
internal sealed class MemoryWatchdog : IDisposable
{
    private readonly long _limitBytes;
    private readonly Action _restart;
    private readonly ServerLog _log;
    private readonly Timer _timer;
    private int _running;

    public MemoryWatchdog(long limitKiB, Action restart, ServerLog log)
    {
        _limitBytes = limitKiB * 1024;
        _restart = restart;
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
            if (used > _limitBytes)
            {
                _log.Error($"memory limit exceeded ({used / 1024} KiB > limit_memory={_limitBytes / 1024}): dropping every connection");
                _restart();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
