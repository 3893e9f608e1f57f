using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// A bare TCP client to 127.0.0.1: writes exact bytes and reads whatever comes back, so tests
/// see framing, headers and close decisions exactly as sent. A reset counts as end of stream.
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan DefaultFirstByte = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[65536];

    // A receive that outlives a read's deadline stays pending for the next read: cancelling
    // socket receives is not needed, and no byte is lost between reads.
    private Task<int>? _pending;

    private RawHttpClient(Socket socket)
    {
        _socket = socket;
        LocalPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The client's own port (servers echo it in request.client).</summary>
    public int LocalPort { get; }

    /// <summary>True once the server has closed (or reset) the connection.</summary>
    public bool Eof { get; private set; }

    /// <param name="from">the client's own address (another loopback one, 127.0.0.2, is another peer); any when null</param>
    public static async Task<RawHttpClient> ConnectAsync(int port, TimeSpan? timeout = null, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (from is not null)
                socket.Bind(new IPEndPoint(from, 0));
            using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            return new RawHttpClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Writes all bytes; throws when the server refuses them.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!data.IsEmpty)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, cts.Token);
            data = data[sent..];
        }
    }

    /// <summary>Writes a string as latin-1 (one char per byte).</summary>
    public Task SendAsync(string latin1, TimeSpan? timeout = null) => SendAsync(Encoding.Latin1.GetBytes(latin1), timeout);

    /// <summary>
    /// Reads until <paramref name="until"/> is met or the stream ends. Idle: waits up to
    /// <paramref name="firstByte"/> for data, then until <paramref name="idle"/> passes with
    /// nothing new. Bytes/Close: gives up after <paramref name="timeout"/>.
    /// </summary>
    public async Task<byte[]> ReadAsync(
        ReadUntil until = ReadUntil.Idle,
        TimeSpan? idle = null,
        TimeSpan? firstByte = null,
        TimeSpan? timeout = null,
        int count = 0)
    {
        var idleSpan = idle ?? DefaultIdle;
        var firstSpan = firstByte ?? DefaultFirstByte;
        var timeoutSpan = timeout ?? DefaultTimeout;
        var data = new MemoryStream();
        long start = Stopwatch.GetTimestamp();
        long? last = null;
        while (!Eof)
        {
            TimeSpan wait;
            if (until == ReadUntil.Idle)
            {
                wait = last is null
                    ? firstSpan - Stopwatch.GetElapsedTime(start)
                    : idleSpan - Stopwatch.GetElapsedTime(last.Value);
            }
            else
            {
                if (until == ReadUntil.Bytes && data.Length >= count)
                    break;
                wait = timeoutSpan - Stopwatch.GetElapsedTime(start);
            }
            if (wait <= TimeSpan.Zero)
                break;
            int received = await ReceiveWithinAsync(wait);
            if (received < 0)
                continue;
            if (received == 0)
            {
                Eof = true;
                break;
            }
            data.Write(_buffer, 0, received);
            last = Stopwatch.GetTimestamp();
        }
        return data.ToArray();
    }

    /// <summary>Reads until the server closes or the timeout passes; latin-1 text.</summary>
    public async Task<string> ReadToCloseAsync(TimeSpan? timeout = null)
        => Encoding.Latin1.GetString(await ReadAsync(ReadUntil.Close, timeout: timeout));

    /// <summary>Bytes received (0 = end of stream) or -1 when <paramref name="wait"/> passed first.</summary>
    private async Task<int> ReceiveWithinAsync(TimeSpan wait)
    {
        _pending ??= _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None).AsTask();
        using var cts = new CancellationTokenSource();
        var winner = await Task.WhenAny(_pending, Task.Delay(wait, cts.Token));
        if (winner != _pending)
            return -1;
        cts.Cancel();
        var done = _pending;
        _pending = null;
        try
        {
            return await done;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset
                                            or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        // The receive left pending at close fails with "aborted": observe it, nobody awaits it.
        _pending?.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }
}
