using System.Net.Sockets;

namespace Tremolo.Bench.Load;

/// <summary>
/// Memory per idle WebSocket as a slope: the server's resident memory (VmRSS) once settled with
/// N idle connections and again with M, (RSS(M) - RSS(N)) / (M - N). A single difference from
/// the empty server is noise at small counts (one collection or one arena growth in the window
/// moves it); between two large counts the constant parts cancel out. Also records the
/// resident memory after the warm-up (baseline) and the plain difference for the first N. Given
/// `--metrics URL` (a .NET server exporting its System.Runtime meter in the Prometheus format),
/// the live managed heap's share of the slope too (see <see cref="RuntimeHeap"/>).
/// </summary>
sealed class IdleMemoryLoad(Options options)
{
    static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(250), SettleLimit = TimeSpan.FromSeconds(15);
    const double SettledWithin = 0.002;   // two polls in a row within 0.2 % of RSS count as settled

    readonly Uri _url = options.Url("url");
    readonly int _low = options.Int("connections", 2000);
    readonly int _high = options.Int("connections-high", 3 * options.Int("connections", 2000));
    readonly int _warmupRounds = options.Int("warmup-rounds", 3);
    readonly int _warmupConnections = options.Int("warmup-connections", 100);
    readonly TimeSpan _settle = options.Seconds("settle", 2);
    readonly RuntimeHeap? _heap = options.Text("metrics", "") is { Length: > 0 } metrics
        ? new RuntimeHeap(int.Parse(options.Text("pid"), System.Globalization.CultureInfo.InvariantCulture), new Uri(metrics))
        : null;
    readonly ServerProcess _server = options.Server();
    readonly ResultRecorder _recorder = options.Recorder();
    readonly List<RawWebSocket> _sockets = [];
    readonly List<Task> _readers = [];
    int _dropped;
    bool _closing;

    public async Task RunAsync()
    {
        if (_high <= _low) throw new ArgumentException("--connections-high must exceed --connections");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await WarmUpAsync(deadline.Token);

        var baseline = await SettledRssKibAsync(deadline.Token);
        await OpenAsync(_low, deadline.Token);
        var low = await SettledRssKibAsync(deadline.Token);
        await OpenAsync(_high - _low, deadline.Token);
        var high = await SettledRssKibAsync(deadline.Token);
        var dropped = Volatile.Read(ref _dropped);
        Volatile.Write(ref _closing, true);

        // The heap is read after every RSS figure (a full collection moves RSS: it compacts into
        // fresh memory): with all the connections, then once those above the low count closed.
        var highHeap = await LiveHeapKibAsync(deadline.Token);
        long? lowHeap = null;
        if (highHeap is not null)
        {
            await Connector.CloseAsync(_sockets[_low..], _readers[_low..]);
            _sockets.RemoveRange(_low, _high - _low);
            _readers.RemoveRange(_low, _high - _low);
            await _heap!.WaitForSessionsAsync(_low, deadline.Token);
            lowHeap = await LiveHeapKibAsync(deadline.Token);
        }
        await Connector.CloseAsync(_sockets, _readers);

        if (dropped > 0) throw new LoadFailedException($"server dropped {dropped} of {_high} idle connections");
        var slope = (double)(high - low) / (_high - _low);
        _recorder.Add("KiB/conn", slope);
        _recorder.Add($"KiB/conn, first {_low}", (double)(low - baseline) / _low);
        _recorder.Add("baseline RSS MiB", baseline / 1024.0);
        _recorder.Add($"RSS MiB at {_high}", high / 1024.0);
        if (lowHeap is { } l && highHeap is { } h)
        {
            var heapSlope = (double)(h - l) / (_high - _low);
            _recorder.Add("managed heap KiB/conn", heapSlope);
            _recorder.Add("other KiB/conn", slope - heapSlope);
        }
    }

    async Task OpenAsync(int count, CancellationToken ct)
    {
        var sockets = await Connector.OpenAsync(_url, count, ct);
        _sockets.AddRange(sockets);
        // A reader on each socket tells whether the server dropped it while idle.
        _readers.AddRange(sockets.Select(s => Task.Run(() => WatchAsync(s, ct))));
    }

    // RSS once it stops moving: at least the settle time, then until two polls in a row agree
    // within 0.2 % (or the limit passes), so a collection or a lazy page release in flight is not
    // read half done. No collection is forced: that would move RSS (see above).
    async Task<long> SettledRssKibAsync(CancellationToken ct)
    {
        await Task.Delay(_settle, ct);
        var started = DateTime.UtcNow;
        var previous = _server.RssKib();
        var stableReads = 0;
        while (stableReads < 2 && DateTime.UtcNow - started < SettleLimit)
        {
            await Task.Delay(SettlePoll, ct);
            var now = _server.RssKib();
            stableReads = Math.Abs(now - previous) <= previous * SettledWithin ? stableReads + 1 : 0;
            previous = now;
        }
        return previous;
    }

    // The live managed heap after a full collection: null unless --metrics (a .NET server exporting System.Runtime).
    async Task<long?> LiveHeapKibAsync(CancellationToken ct)
    {
        if (_heap is null) return null;
        await _heap.CollectAsync(ct);
        return await _heap.LiveBytesAsync(ct) / 1024;
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
    // moment; V8 and JavaScriptCore tier up on call counts too). Every server gets the same warm-up;
    // `--warmup-rounds 1 --warmup-connections 20` is the light one.
    async Task WarmUpAsync(CancellationToken ct)
    {
        for (var round = 0; round < _warmupRounds; round++)
        {
            var sockets = await Connector.OpenAsync(_url, _warmupConnections, ct);
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
