using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>
/// One timer for every connection's deadlines, ticking ten times a second on the server's
/// clock, so a request costs no timer or cancellation source of its own.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private const int IntervalMs = 100;

    private readonly IReadOnlyList<ConnectionManager> _managers;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private HttpConnection[] _connections = new HttpConnection[64];
    private int _running;

    public Heartbeat(IReadOnlyList<ConnectionManager> managers, TimeProvider time)
    {
        _managers = managers;
        _time = time;
        var interval = TimeSpan.FromMilliseconds(IntervalMs);
        _timer = time.CreateTimer(static self => ((Heartbeat)self!).Tick(), this, interval, interval);
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
            var now = _time.GetTimestamp();
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
