using Tremolo.Server.Http;

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
    private HttpConnection[] _connections = new HttpConnection[64];
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
                var count = manager.CopyTo(ref _connections);
                for (var i = 0; i < count; i++)
                {
                    _connections[i].OnHeartbeat(now);
                }

                // Closed connections must not stay reachable from here until the next tick.
                Array.Clear(_connections, 0, count);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
