using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tremolo.Bench.Load;

/// <summary>
/// Fairness: while H clients repeat a slow request back to back (`/slow`: CPU-heavy work, the
/// same in every peer), one more client times `GET /hello` round trips on its own keep-alive
/// connection. A server that runs the slow work where it delays other connections shows it
/// in this client's p99. Figures cover a fixed window after a warm-up.
/// </summary>
sealed class FairnessLoad(Options options)
{
    const int Warming = 0, Measuring = 1, Stopping = 2;

    readonly Uri _url = options.Url("url");
    readonly string _slowPath = options.Text("slow-path", "/slow");
    readonly int _hammers = options.Int("hammers", 2);
    readonly TimeSpan _warmup = options.Seconds("warmup", 1);
    readonly TimeSpan _duration = options.Seconds("duration", 5);
    readonly ResultRecorder _recorder = options.Recorder();
    int _phase = Warming;
    long _slowDone;

    public async Task RunAsync()
    {
        using var deadline = new CancellationTokenSource(_warmup + _duration + TimeSpan.FromSeconds(60));
        var latencies = new List<double>();
        var hammers = Enumerable.Range(0, _hammers).Select(_ => Task.Run(() => HammerAsync(deadline.Token))).ToArray();
        var probe = Task.Run(() => ProbeAsync(latencies, deadline.Token));

        await Task.Delay(_warmup, deadline.Token);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref _phase, Measuring);
        await Task.Delay(_duration, deadline.Token);
        Volatile.Write(ref _phase, Stopping);
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll([probe, .. hammers]).WaitAsync(TimeSpan.FromSeconds(30), deadline.Token);

        if (latencies.Count == 0) throw new LoadFailedException("no GET /hello was answered while the slow route was hammered");
        _recorder.Add("hello p50 ms", Percentiles.Of(latencies, 50));
        _recorder.Add("hello p99 ms", Percentiles.Of(latencies, 99));
        _recorder.Add("hello max ms", Percentiles.Of(latencies, 100));
        _recorder.Add("slow req/s", Interlocked.Read(ref _slowDone) / seconds);
    }

    async Task ProbeAsync(List<double> latencies, CancellationToken ct)
    {
        using var connection = await HttpConnection.OpenAsync(_url, ct);
        while (Volatile.Read(ref _phase) != Stopping)
        {
            var startPhase = Volatile.Read(ref _phase);
            var start = Stopwatch.GetTimestamp();
            var body = await connection.GetAsync("/hello", ct);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (body != "Hello World!") throw new LoadFailedException($"GET /hello answered '{body}'");
            // A round trip that overlaps the window counts, so a stall longer than the window still shows.
            if (startPhase == Measuring || Volatile.Read(ref _phase) == Measuring) latencies.Add(elapsed);
        }
    }

    async Task HammerAsync(CancellationToken ct)
    {
        var connection = await HttpConnection.OpenAsync(_url, ct);
        try
        {
            while (Volatile.Read(ref _phase) != Stopping)
            {
                await connection.GetAsync(_slowPath, ct);
                if (Volatile.Read(ref _phase) == Measuring) Interlocked.Increment(ref _slowDone);
                if (connection.Closed)
                {
                    connection.Dispose();
                    connection = await HttpConnection.OpenAsync(_url, ct);
                }
            }
        }
        finally { connection.Dispose(); }
    }

    /// <summary>A keep-alive HTTP/1.1 client for Content-Length answers: enough for the peers' /hello and /slow.</summary>
    sealed class HttpConnection(Socket socket, string host) : IDisposable
    {
        readonly byte[] _buffer = new byte[64 * 1024];
        int _start, _end;

        public bool Closed { get; private set; }

        public static async Task<HttpConnection> OpenAsync(Uri url, CancellationToken ct)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port), ct);
            return new HttpConnection(socket, url.Authority);
        }

        public async Task<string> GetAsync(string path, CancellationToken ct)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"), SocketFlags.None, ct);
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync(ct);
            var head = Encoding.ASCII.GetString(_buffer, _start, headEnd);
            if (!head.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)) throw new LoadFailedException($"GET {path}: {head.Split('\r')[0]}");
            var length = ContentLength(head) ?? throw new LoadFailedException($"GET {path}: no Content-Length");
            _start += headEnd + 4;
            while (_end - _start < length) await FillAsync(ct);
            var body = Encoding.UTF8.GetString(_buffer, _start, length);
            _start += length;
            Closed = head.Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);
            return body;
        }

        async Task FillAsync(CancellationToken ct)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new LoadFailedException("answer larger than the client's buffer");
            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
            if (read == 0) throw new LoadFailedException("the server closed the connection mid-answer");
            _end += read;
        }

        static int? ContentLength(string head)
        {
            foreach (var line in head.Split("\r\n"))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    return int.Parse(line.AsSpan(colon + 1).Trim(), CultureInfo.InvariantCulture);
            }
            return null;
        }

        public void Dispose() => socket.Dispose();
    }
}
