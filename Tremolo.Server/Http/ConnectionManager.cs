using System.Net;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Http;

/// <summary>
/// Every live connection (for the heartbeat and shutdown; counted from accept, so a TLS
/// handshake in progress is waited for too), and Tremolo's keep-alive list:
/// connections in the order they first asked for keep-alive; beyond keepalive_connections
/// the oldest is dropped from the list and closed as soon as it is idle. It also admits each
/// socket under max_connections and max_connections_per_ip (0: unlimited), in O(1).
/// </summary>
internal sealed class ConnectionManager(int keepAliveLimit, int maxConnections = 0, int maxConnectionsPerIp = 0)
{
    private readonly Lock _lock = new();
    private readonly PeerConnectionCounts? _perPeer = maxConnectionsPerIp > 0 ? new(maxConnectionsPerIp) : null;
    private readonly HashSet<HttpConnection> _all = [];
    private readonly LinkedList<HttpConnection> _keepAlive = new();
    private int _open;
    private TaskCompletionSource? _drained;

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

    /// <summary>Peer addresses holding a connection now (counted only under max_connections_per_ip).</summary>
    public int PeerAddresses => _perPeer?.Addresses ?? 0;

    /// <summary>
    /// A socket from <paramref name="peer"/> (null: a unix socket) was accepted: admitted, it
    /// counts until <see cref="Ended"/> or <see cref="Remove"/>; refused, it never counted.
    /// </summary>
    public ConnectionRefusal Accept(IPAddress? peer)
    {
        if (peer is not null && _perPeer is { } perPeer && !perPeer.TryAdd(peer))
        {
            return ConnectionRefusal.MaxConnectionsPerIp;
        }

        if (Interlocked.Increment(ref _open) > maxConnections && maxConnections > 0)
        {
            Release();
            if (peer is not null)
            {
                _perPeer?.Remove(peer);
            }

            return ConnectionRefusal.MaxConnections;
        }

        TremoloMetrics.ConnectionAccepted();
        return ConnectionRefusal.None;
    }

    /// <summary>An admitted socket ended before it became a connection (a failed TLS handshake), or a connection ended.</summary>
    public void Ended(IPAddress? peer)
    {
        if (peer is not null)
        {
            _perPeer?.Remove(peer);
        }

        TremoloMetrics.ConnectionEnded();
        Release();
    }

    /// <summary>Completes when no accepted socket is left; call once no more are accepted.</summary>
    public Task WhenDrained()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        if (Volatile.Read(ref _open) == 0)
        {
            drained.TrySetResult();
        }

        return drained.Task;
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

        Ended(connection.Transport.RemoteAddress);
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _open) == 0)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>The live connections now, in an array of their own (shutdown, memory limit).</summary>
    public HttpConnection[] Snapshot()
    {
        HttpConnection[] connections = [];
        CopyTo(ref connections);
        return connections;
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
