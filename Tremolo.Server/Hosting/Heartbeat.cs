namespace Tremolo.Server.Hosting;

/// <summary>
/// One timer for every connection's deadlines, ticking ten times a second, so a request
/// costs no timer or cancellation source of its own.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private const int IntervalMs = 100;

    private readonly IReadOnlyList<ConnectionManager> _managers;
    private readonly Timer _timer;
    private int _running;

    public Heartbeat(IReadOnlyList<ConnectionManager> managers)
    {
        _managers = managers;
        _timer = new Timer(_ => Tick(), null, IntervalMs, IntervalMs);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            foreach (var manager in _managers)
            {
                foreach (var connection in manager.Snapshot())
                {
                    connection.OnHeartbeat(now);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
