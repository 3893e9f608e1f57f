using System.Net.Sockets;

namespace Tremolo.Bench.Load;

/// <summary>
/// Memory per idle WebSocket: the server's resident memory (VmRSS) after N connections have been
/// opened and left idle, above its resident memory just before, divided by N.
/// </summary>
sealed class IdleMemoryLoad(Options options)
{
    const int WarmupRounds = 3, WarmupConnections = 100;

    readonly Uri _url = options.Url("url");
    readonly int _connections = options.Int("connections", 2000);
    readonly TimeSpan _settle = options.Seconds("settle", 2);
    readonly ServerProcess _server = options.Server();
    readonly ResultRecorder _recorder = options.Recorder();
    int _dropped;
    bool _closing;

    public async Task RunAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await WarmUpAsync(deadline.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);

        var baseline = _server.RssKib();
        var sockets = await Connector.OpenAsync(_url, _connections, deadline.Token);
        // A reader on each socket tells whether the server dropped it while idle.
        var readers = sockets.Select(s => Task.Run(() => WatchAsync(s, deadline.Token))).ToArray();
        await Task.Delay(_settle, deadline.Token);
        var loaded = _server.RssKib();
        var dropped = Volatile.Read(ref _dropped);
        Volatile.Write(ref _closing, true);
        await Connector.CloseAsync(sockets, readers);

        if (dropped > 0) throw new LoadFailedException($"server dropped {dropped} of {_connections} idle connections");
        _recorder.Add("KiB/conn", (double)(loaded - baseline) / _connections);
        _recorder.Add("RSS MiB", loaded / 1024.0);
    }

    async Task WatchAsync(RawWebSocket socket, CancellationToken ct)
    {
        try { await socket.ReceiveAsync(ct); }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException) { }
        if (!Volatile.Read(ref _closing)) Interlocked.Increment(ref _dropped);
    }

    // The handshake, echo and close paths are loaded and compiled to their final tier before the
    // baseline, so one-time code is not charged to the idle connections: rounds of connections with
    // quiet pauses between them (a .NET runtime counts calls for re-compilation only after a quiet
    // moment; V8 tiers up on call counts too). Every server gets the same warm-up.
    async Task WarmUpAsync(CancellationToken ct)
    {
        for (var round = 0; round < WarmupRounds; round++)
        {
            var sockets = await Connector.OpenAsync(_url, WarmupConnections, ct);
            foreach (var socket in sockets)
            {
                await socket.SendAsync(socket.Frame("warm"u8), ct);
                await socket.ReceiveAsync(ct);
            }
            await Connector.CloseAsync(sockets);
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }
}
