using System.Net;
using System.Net.Sockets;

namespace Tremolo.SpecTests.Robustness;

/// <summary>What one connection got back: the bytes, and whether the server closed it within the wait.</summary>
public readonly record struct OneShotAnswer(byte[] Data, bool Closed);

/// <summary>
/// One request on its own connection: write it (a refused write is fine), optionally
/// half-close so the server sees the end of the request stream, then read until the server
/// closes or the wait runs out. The client's socket is always closed afterwards.
/// </summary>
public static class OneShotExchange
{
    public static async Task<OneShotAnswer> RunAsync(int port, byte[] request, bool halfClose, TimeSpan wait)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(wait);
        var data = new MemoryStream();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
            await SendAllAsync(socket, request, deadline.Token);
            if (halfClose)
                socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server refused the rest (it answered and closed early): read what it sent.
        }
        catch (OperationCanceledException)
        {
            // The server stopped reading a body it will not take; it never closed either.
            return new OneShotAnswer([], false);
        }

        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (n == 0)
                    return new OneShotAnswer(data.ToArray(), true);
                data.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            return new OneShotAnswer(data.ToArray(), false);
        }
        catch (SocketException)
        {
            // a reset is an end of stream
            return new OneShotAnswer(data.ToArray(), true);
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        while (!data.IsEmpty)
            data = data[await socket.SendAsync(data, SocketFlags.None, token)..];
    }
}
