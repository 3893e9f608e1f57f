using System.Net.WebSockets;

namespace Tremolo.Bench.Load;

/// <summary>
/// Memory per idle WebSocket: the server's resident memory (VmRSS) after N connections have been
/// opened and left idle, above its resident memory just before, divided by N.
/// </summary>
sealed class IdleMemoryLoad(Options options)
{
    const int WarmupConnections = 20;

    readonly Uri _url = options.Url("url");
    readonly int _connections = options.Int("connections", 2000);
    readonly TimeSpan _settle = options.Seconds("settle", 2);
    readonly ServerProcess _server = options.Server();
    readonly ResultRecorder _recorder = options.Recorder();

    public async Task RunAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await WarmUpAsync(deadline.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);

        var baseline = _server.RssKib();
        var sockets = await Connector.OpenAsync(_url, _connections, deadline.Token);
        // A pending read on each socket tells whether the server dropped it while idle.
        var reads = sockets.Select(s => s.ReceiveAsync(new ArraySegment<byte>(new byte[16]), deadline.Token)).ToArray();
        await Task.Delay(_settle, deadline.Token);
        var loaded = _server.RssKib();
        var dropped = reads.Count(r => r.IsCompleted);

        await Connector.CloseAsync(sockets);
        await Task.WhenAll(reads.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

        if (dropped > 0) throw new LoadFailedException($"server dropped {dropped} of {_connections} idle connections");
        _recorder.Add("KiB/conn", (double)(loaded - baseline) / _connections);
        _recorder.Add("RSS MiB", loaded / 1024.0);
    }

    // Handshake and echo code paths are loaded (JIT, pools) before the baseline is taken.
    async Task WarmUpAsync(CancellationToken ct)
    {
        var sockets = await Connector.OpenAsync(_url, WarmupConnections, ct);
        var buffer = new byte[64];
        foreach (var socket in sockets)
        {
            await socket.SendAsync("warm"u8.ToArray(), WebSocketMessageType.Text, true, ct);
            await socket.ReceiveAsync(buffer.AsMemory(), ct);
        }
        await Connector.CloseAsync(sockets);
    }
}
