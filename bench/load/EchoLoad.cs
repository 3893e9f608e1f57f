using System.Diagnostics;
using System.Net.WebSockets;

namespace Tremolo.Bench.Load;

/// <summary>
/// WebSocket echo round trips: N connections, each sends one message and waits for its echo
/// before sending the next. Figures cover a fixed window after a warm-up.
/// </summary>
sealed class EchoLoad(Options options)
{
    const int Warming = 0, Measuring = 1, Stopping = 2;

    readonly Uri _url = options.Url("url");
    readonly int _connections = options.Int("connections", 50);
    readonly int _size = options.Int("size", 16);
    readonly TimeSpan _warmup = options.Seconds("warmup", 1);
    readonly TimeSpan _duration = options.Seconds("duration", 5);
    readonly ServerProcess _server = options.Server();
    readonly ResultRecorder _recorder = options.Recorder();
    int _phase = Warming;
    int _errors;

    public async Task RunAsync()
    {
        using var deadline = new CancellationTokenSource(_warmup + _duration + TimeSpan.FromSeconds(60));
        var sockets = await Connector.OpenAsync(_url, _connections, deadline.Token);
        var stats = sockets.Select(_ => new ConnectionStats()).ToArray();
        var payload = Payload.Filler(_size);
        var workers = sockets.Select((s, i) => Task.Run(() => LoopAsync(s, payload, stats[i], deadline.Token))).ToArray();

        await Task.Delay(_warmup, deadline.Token);
        var cpuBefore = _server.CpuMicroseconds();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref _phase, Measuring);
        await Task.Delay(_duration, deadline.Token);
        Volatile.Write(ref _phase, Stopping);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = _server.CpuMicroseconds() - cpuBefore;

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10), deadline.Token);
        await Connector.CloseAsync(sockets);

        var messages = stats.Sum(s => s.Count);
        if (messages == 0) throw new LoadFailedException($"no echo came back ({_errors} connection errors)");
        var latencies = stats.SelectMany(s => s.LatenciesMs).ToList();
        _recorder.Add("msg/s", messages / seconds);
        _recorder.Add("p50 ms", Percentiles.Of(latencies, 50));
        _recorder.Add("p99 ms", Percentiles.Of(latencies, 99));
        _recorder.Add("CPU µs/msg", (double)cpu / messages);
        if (_errors > 0) _recorder.Add("errors", _errors);
    }

    async Task LoopAsync(ClientWebSocket socket, byte[] payload, ConnectionStats stats, CancellationToken ct)
    {
        var buffer = new byte[_size + 1024];
        try
        {
            while (Volatile.Read(ref _phase) != Stopping)
            {
                var started = Stopwatch.GetTimestamp();
                await socket.SendAsync(payload, WebSocketMessageType.Text, true, ct);
                var received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (received == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    result = await socket.ReceiveAsync(buffer.AsMemory(received), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                        throw new WebSocketException("server closed the connection");
                    received += result.Count;
                } while (!result.EndOfMessage);
                if (received != payload.Length) throw new WebSocketException($"echo of {received} bytes, sent {payload.Length}");
                if (Volatile.Read(ref _phase) == Measuring)
                {
                    stats.Count++;
                    stats.LatenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    sealed class ConnectionStats
    {
        public long Count;
        public List<double> LatenciesMs { get; } = new(4096);
    }
}
