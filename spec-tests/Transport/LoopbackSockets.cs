using System.Net;
using System.Net.Sockets;

namespace Tremolo.SpecTests.Transport;

/// <summary>
/// A connected pair of real TCP sockets on 127.0.0.1: <see cref="Client"/> is an ordinary
/// blocking socket driven by the test, <see cref="Server"/> is the accepted side set
/// non-blocking, as TransportConnection.Plain leaves it before wrapping it in the socket pipes.
/// </summary>
internal sealed class LoopbackSockets : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private LoopbackSockets(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    public Socket Client { get; }

    public Socket Server { get; }

    /// <param name="clientReceiveBuffer">When set, the client's receive buffer (set before connecting, so the window stays small).</param>
    /// <param name="serverSendBuffer">When set, the server side's send buffer.</param>
    public static async Task<LoopbackSockets> ConnectAsync(int? clientReceiveBuffer = null, int? serverSendBuffer = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (clientReceiveBuffer is { } receive)
            {
                client.ReceiveBufferSize = receive;
            }

            var accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(Timeout);
            var server = await accept.WaitAsync(Timeout);
            server.NoDelay = true;
            client.NoDelay = true;
            if (serverSendBuffer is { } send)
            {
                server.SendBufferSize = send;
            }

            server.Blocking = false;
            return new LoopbackSockets(client, server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Deterministic, non-periodic bytes, so a shifted or repeated slice cannot pass for the right one.</summary>
    public static byte[] Pattern(int length, int seed = 12345)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await Client.SendAsync(bytes.AsMemory(sent), SocketFlags.None).AsTask().WaitAsync(Timeout);
        }
    }

    public Task SendAsync(string text) => SendAsync(System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>Reads on the client until exactly <paramref name="count"/> bytes arrived (fails on an early end).</summary>
    public async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        var bytes = new byte[count];
        var received = 0;
        while (received < count)
        {
            var n = await Client.ReceiveAsync(bytes.AsMemory(received), SocketFlags.None).AsTask().WaitAsync(Timeout);
            Assert.True(n > 0, $"connection ended after {received} of {count} bytes");
            received += n;
        }

        return bytes;
    }

    /// <summary>Reads on the client until the server side's FIN.</summary>
    public async Task<byte[]> ReceiveToEndAsync()
    {
        var all = new MemoryStream();
        var chunk = new byte[65536];
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no end of stream before the timeout ({all.Length} bytes so far)");
            var n = await Client.ReceiveAsync(chunk.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout);
            if (n == 0)
            {
                return all.ToArray();
            }

            all.Write(chunk, 0, n);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
