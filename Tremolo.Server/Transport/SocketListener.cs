using System.Net;
using System.Net.Sockets;

namespace Tremolo.Server.Transport;

/// <summary>A bound listening socket (TCP or unix) and its accept loop.</summary>
internal sealed class SocketListener : IDisposable
{
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddr = 2;

    private readonly Socket _socket;
    private readonly UnixSocketFile? _unixFile;

    private SocketListener(Socket socket, UnixSocketFile? unixFile)
    {
        _socket = socket;
        _unixFile = unixFile;
    }

    public EndPoint EndPoint => _socket.LocalEndPoint!;

    /// <summary>Binds host:port; "::" listens on IPv6 and IPv4 (dual stack) as in Tremolo.</summary>
    public static SocketListener BindTcp(string host, int port, int backlog, bool reusePort)
    {
        var socket = BoundTcp(host, port, reusePort);
        try
        {
            socket.Listen(backlog);
            return new SocketListener(socket, null);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Holds host:port with SO_REUSEPORT without listening (worker_num's supervisor): port 0
    /// becomes one fixed port every worker binds, and the port stays held while a worker
    /// restarts. A socket that does not listen is given no connections.
    /// </summary>
    public static Socket ReserveTcp(string host, int port) => BoundTcp(host, port, reusePort: true);

    private static Socket BoundTcp(string host, int port, bool reusePort)
    {
        var address = ResolveHost(host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = address.Equals(IPAddress.IPv6Any);
            }

            // .NET's ReuseAddress is SO_REUSEADDR plus SO_REUSEPORT on Unix; Tremolo always sets the
            // former (a restart binds despite TIME_WAIT) and reuse_port only toggles the latter.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, reusePort);
            if (!reusePort && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Binds a unix socket; see <see cref="UnixSocketFile"/> for what may be at the path already.</summary>
    public static SocketListener BindUnix(string path, int backlog)
    {
        UnixSocketFile.Prepare(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        UnixSocketFile? file = null;
        try
        {
            socket.Bind(new UnixSocketEndPoint(path));
            file = UnixSocketFile.Bound(path);
            socket.Listen(backlog);
            return new SocketListener(socket, file);
        }
        catch
        {
            socket.Dispose();
            file?.Remove();
            throw;
        }
    }

    /// <summary>Accepts until the listener is disposed; each socket is handed to <paramref name="onAccepted"/>.</summary>
    public async Task AcceptLoopAsync(Action<Socket> onAccepted)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before accept completed: keep listening.
                continue;
            }

            // The accept loop runs on a socket engine thread: a connection's start (TLS handshake,
            // a first request already in) must not delay the next accept or any other socket.
            ThreadPool.UnsafeQueueUserWorkItem(onAccepted, accepted, preferLocal: false);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _unixFile?.Remove();
    }

    private static IPAddress ResolveHost(string host)
    {
        if (host.Length == 0 || host == "0.0.0.0")
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }
}
