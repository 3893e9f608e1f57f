using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Tremolo.Server.Transport;

/// <summary>
/// One accepted socket as a pair of pipes, its one flusher (with the send deadline), and its
/// orderly close: flush, half-close (FIN, like Tremolo's write_eof), then release. Plain sockets
/// get the lean socket pipes; TLS goes through SslStream and stream pipes.
/// </summary>
internal sealed class TransportConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream? _stream;
    private int _closed;
    private string? _remoteHost;

    private TransportConnection(Socket socket, PipeReader input, PipeWriter output, Stream? stream, SendDeadline deadline)
    {
        _socket = socket;
        _stream = stream;
        IsSecure = stream is not null;
        Input = input;
        Flusher = new OutputFlusher(output, deadline.Time, deadline.Timeout);
        if (socket.RemoteEndPoint is IPEndPoint remote)
        {
            RemoteAddress = PeerAddressOf(socket);
            RemotePort = remote.Port;
        }
    }

    public PipeReader Input { get; }

    public PipeWriter Output => Flusher.Output;

    /// <summary>Every flush of <see cref="Output"/> goes through it.</summary>
    public OutputFlusher Flusher { get; }

    public bool IsSecure { get; }

    /// <summary>
    /// Set while the connection's owner runs work whose cost depends on config or client data:
    /// reads and waiting flushes then resume it on the thread pool, never on the socket engine
    /// thread every other connection needs (docs/architecture.md). TLS always resumes on the pool.
    /// </summary>
    public bool ResumeOnPool
    {
        get => Input is SocketPipeReader { ResumeOnPool: true };
        set
        {
            if (Input is SocketPipeReader reader && Output is SocketPipeWriter writer)
            {
                reader.ResumeOnPool = value;
                writer.ResumeOnPool = value;
            }
        }
    }

    /// <summary>request.client[0]: the peer address ("" on a unix socket), made on first use: an idle connection holds no string.</summary>
    public string RemoteHost => _remoteHost ??= RemoteAddress?.ToString() ?? "";

    public int RemotePort { get; }

    /// <summary>The peer's address, null on a unix socket.</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>The peer's address (an IPv4-mapped one as IPv4, as a dual-stack listener sees it), null on a unix socket.</summary>
    public static IPAddress? PeerAddressOf(Socket socket) => socket.RemoteEndPoint is IPEndPoint remote
        ? remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address
        : null;

    /// <summary>A plain connection: the socket turns non-blocking and gets the lean socket pipes.</summary>
    public static TransportConnection Plain(Socket socket, SendDeadline deadline)
    {
        SetNoDelay(socket);
        socket.Blocking = false;
        return new TransportConnection(socket, new SocketPipeReader(socket), new SocketPipeWriter(socket), stream: null, deadline);
    }

    /// <summary>A TLS connection, once its handshake is done.</summary>
    public static async Task<TransportConnection> SecureAsync(Socket socket, TlsSettings tls, SendDeadline deadline, CancellationToken cancellationToken)
    {
        SetNoDelay(socket);
        var ssl = new SslStream(new PoolResumingNetworkStream(socket), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(tls.ServerOptions, cancellationToken);
        return new TransportConnection(
            socket,
            PipeReader.Create(ssl, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, useZeroByteReads: true)),
            PipeWriter.Create(ssl, new StreamPipeWriterOptions(minimumBufferSize: 4096)),
            ssl,
            deadline);
    }

    /// <summary>Drops the connection at once (RST semantics not needed: just close).</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Input.CancelPendingRead();
            _socket.Dispose();
        }
    }

    /// <summary>Flushes what is pending, sends FIN, then releases the socket.</summary>
    public async ValueTask CloseAsync()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        try
        {
            await Flusher.FlushAsync();
            if (_socket.Connected)
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already: nothing left to flush.
        }

        Abort();
    }

    /// <summary>
    /// Ends an upgraded connection: FIN first, then read and discard for up to a second, so
    /// unread input does not make the kernel reset the connection over our last frame.
    /// </summary>
    public async ValueTask LingerAsync()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        try
        {
            await Flusher.FlushAsync();
            _socket.Shutdown(SocketShutdown.Send);
            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1), Flusher.Time);
            while (true)
            {
                var result = await Input.ReadAsync(linger.Token);
                Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The peer is gone, or kept talking past the linger time: close anyway.
        }

        Abort();
    }

    /// <summary>How long a flush may wait on the peer, on which clock.</summary>
    public readonly record struct SendDeadline(TimeProvider Time, TimeSpan Timeout);

    private static void SetNoDelay(Socket socket)
    {
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            socket.NoDelay = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await Input.CompleteAsync();
        try
        {
            await Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // An aborted connection (a dropped slow reader) still had output pending: it is lost by design.
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }
}
