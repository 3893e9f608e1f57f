using System.Diagnostics;
using System.Net.Sockets;

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
        var ownCpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref _phase, Measuring);
        await Task.Delay(_duration, deadline.Token);
        Volatile.Write(ref _phase, Stopping);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = _server.CpuMicroseconds() - cpuBefore;
        var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;

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
        Console.WriteLine($"  (load client CPU {ownCpu.TotalMicroseconds / messages:0.0} µs/msg)");
    }

    async Task LoopAsync(RawWebSocket socket, byte[] payload, ConnectionStats stats, CancellationToken ct)
    {
        var frame = socket.Frame(payload);
        try
        {
            while (Volatile.Read(ref _phase) != Stopping)
            {
                var started = Stopwatch.GetTimestamp();
                await socket.SendAsync(frame, ct);
                if (await socket.ReceiveAsync(ct) == RawWebSocket.Close) throw new IOException("the server closed the WebSocket");
                if (!socket.Payload.Span.SequenceEqual(payload)) throw new IOException($"echo of {socket.Payload.Length} bytes differs from what was sent");
                if (Volatile.Read(ref _phase) == Measuring)
                {
                    stats.Count++;
                    stats.LatenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            if (Interlocked.Increment(ref _errors) == 1) Console.Error.WriteLine($"  first connection error: {e.Message}");
        }
    }

    sealed class ConnectionStats
    {
        public long Count;
        public List<double> LatenciesMs { get; } = new(4096);
    }
}
