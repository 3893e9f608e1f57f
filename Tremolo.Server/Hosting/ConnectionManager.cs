using Tremolo.Server.Http;

namespace Tremolo.Server.Hosting;

/// <summary>
/// Every live connection (for the heartbeat and shutdown), and Tremolo's keep-alive list:
/// connections in the order they first asked for keep-alive; beyond keepalive_connections
/// the oldest is dropped from the list and closed as soon as it is idle.
/// </summary>
internal sealed class ConnectionManager(int keepAliveLimit)
{
    private readonly Lock _lock = new();
    private readonly HashSet<HttpConnection> _all = [];
    private readonly LinkedList<HttpConnection> _keepAlive = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    public void Add(HttpConnection connection)
    {
        lock (_lock)
        {
            _all.Add(connection);
        }
    }

    /// <summary>Lists a connection as kept alive (a no-op when listed already, as in Tremolo's dict).</summary>
    public void KeepAlive(HttpConnection connection)
    {
        HttpConnection? evicted = null;
        lock (_lock)
        {
            if (connection.KeepAliveNode is not null || !_all.Contains(connection))
            {
                return;
            }

            connection.KeepAliveNode = _keepAlive.AddLast(connection);
            if (_keepAlive.Count > keepAliveLimit)
            {
                evicted = _keepAlive.First!.Value;
                _keepAlive.RemoveFirst();
                evicted.KeepAliveNode = null;
            }
        }

        evicted?.OnEvicted();
    }

    public void Remove(HttpConnection connection)
    {
        lock (_lock)
        {
            _all.Remove(connection);
            if (connection.KeepAliveNode is { } node)
            {
                _keepAlive.Remove(node);
                connection.KeepAliveNode = null;
            }
        }
    }

    public HttpConnection[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _all];
        }
    }

    /// <summary>
    /// Copies the live connections into <paramref name="buffer"/> (grown when short) and
    /// returns how many: the heartbeat's allocation-free snapshot, walked outside the lock.
    /// </summary>
    public int CopyTo(ref HttpConnection[] buffer)
    {
        lock (_lock)
        {
            if (buffer.Length < _all.Count)
            {
                buffer = new HttpConnection[Math.Max(_all.Count, buffer.Length * 2)];
            }

            _all.CopyTo(buffer);
            return _all.Count;
        }
    }
}
