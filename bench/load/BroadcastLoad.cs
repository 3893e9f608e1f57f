using System.Diagnostics;
using System.Net.Sockets;

namespace Tremolo.Bench.Load;

/// <summary>
/// Broadcast fan-out: N receivers and one sender on the same channel. Each message is sent once
/// the previous one reached every receiver (or timed out); its delivery time is until the last
/// receiver has it. Messages a receiver never got are counted as lost.
/// Across nodes: `--url` lists several servers of one room (comma-separated; the receivers are
/// dealt over them in turn, the sender is on the first) and `--pid` names each node's process,
/// then any other process the fan-out costs (redis-server), as `name=pid,...`. Beside the total
/// CPU per delivery, each node's CPU is per delivery on that node and the others' per delivery.
/// </summary>
sealed class BroadcastLoad(Options options)
{
    const int WarmupMessages = 10;

    readonly Uri[] _urls = [.. options.Text("url").Split(',').Select(url => new Uri(url))];
    readonly int _receivers = options.Int("receivers", 1000);
    readonly int _messages = options.Int("messages", 200);
    readonly int _size = options.Int("size", 16);
    readonly TimeSpan _perMessageTimeout = options.Seconds("message-timeout", 2);
    readonly (string Name, ServerProcess Process)[] _servers = options.Servers();
    readonly ResultRecorder _recorder = options.Recorder();

    int[] _arrivals = [];
    long[] _lastArrival = [];
    TaskCompletionSource[] _complete = [];

    public async Task RunAsync()
    {
        var total = WarmupMessages + _messages;
        _arrivals = new int[total];
        _lastArrival = new long[total];
        _complete = Enumerable.Range(0, total).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var deadline = new CancellationTokenSource(_perMessageTimeout * total + TimeSpan.FromSeconds(90));

        var onNode = Enumerable.Range(0, _urls.Length).Select(node => (_receivers - node + _urls.Length - 1) / _urls.Length).ToArray();
        var receivers = (await Task.WhenAll(_urls.Select((url, node) => Connector.OpenAsync(url, onNode[node], deadline.Token)))).SelectMany(r => r).ToArray();
        var sender = (await Connector.OpenAsync(_urls[0], 1, deadline.Token))[0];
        var everyone = receivers.Append(sender).ToArray();
        var listening = receivers.Select(r => Task.Run(() => ReceiveAsync(r, count: true, deadline.Token)))
            .Append(Task.Run(() => ReceiveAsync(sender, count: false, deadline.Token))).ToArray();

        var sentAt = new long[total];
        var cpuBefore = new long[_servers.Length];
        var ownCpuBefore = TimeSpan.Zero;
        for (var seq = 0; seq < total; seq++)
        {
            var frame = sender.Frame(Payload.Numbered(seq, _size));
            if (seq == WarmupMessages)
            {
                cpuBefore = [.. _servers.Select(s => s.Process.CpuMicroseconds())];
                ownCpuBefore = Environment.CpuUsage.TotalTime;
            }
            sentAt[seq] = Stopwatch.GetTimestamp();
            await sender.SendAsync(frame, deadline.Token);
            await Task.WhenAny(_complete[seq].Task, Task.Delay(_perMessageTimeout, deadline.Token));
        }
        var cpu = _servers.Select((s, i) => s.Process.CpuMicroseconds() - cpuBefore[i]).ToArray();
        var ownCpu = Environment.CpuUsage.TotalTime - ownCpuBefore;
        await Connector.CloseAsync(everyone, listening);

        var delivery = new List<double>();
        long lost = 0;
        for (var seq = WarmupMessages; seq < total; seq++)
        {
            lost += _receivers - Volatile.Read(ref _arrivals[seq]);
            if (_complete[seq].Task.IsCompleted)
                delivery.Add(Stopwatch.GetElapsedTime(sentAt[seq], Volatile.Read(ref _lastArrival[seq])).TotalMilliseconds);
        }
        if (delivery.Count == 0) throw new LoadFailedException("no message reached every receiver");
        _recorder.Add("p50 ms", Percentiles.Of(delivery, 50));
        _recorder.Add("p99 ms", Percentiles.Of(delivery, 99));
        _recorder.Add("lost", lost);
        var deliveries = (double)_messages * _receivers;
        _recorder.Add("CPU µs/delivery", cpu.Sum() / deliveries);
        if (_servers.Length > 1)
        {
            for (var i = 0; i < _servers.Length; i++)
            {
                // A node's CPU over the deliveries it made; another process's (the broker's) over all.
                var theirs = i < _urls.Length ? (double)_messages * onNode[i] : deliveries;
                _recorder.Add($"CPU µs/delivery, {_servers[i].Name}", cpu[i] / theirs);
            }
        }
        Console.WriteLine($"  (load client CPU {ownCpu.TotalMicroseconds / deliveries:0.0} µs/delivery)");
    }

    async Task ReceiveAsync(RawWebSocket socket, bool count, CancellationToken ct)
    {
        try
        {
            while (await socket.ReceiveAsync(ct) != RawWebSocket.Close)
                if (count && socket.Payload.Length >= 8) Arrived(Payload.SequenceOf(socket.Payload.Span));
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    void Arrived(int seq)
    {
        if ((uint)seq >= (uint)_arrivals.Length) return;
        var now = Stopwatch.GetTimestamp();
        // Record the time before counting, so whoever completes the count sees every time.
        long seen;
        while (now > (seen = Volatile.Read(ref _lastArrival[seq])) &&
               Interlocked.CompareExchange(ref _lastArrival[seq], now, seen) != seen) { }
        if (Interlocked.Increment(ref _arrivals[seq]) == _receivers) _complete[seq].TrySetResult();
    }
}
