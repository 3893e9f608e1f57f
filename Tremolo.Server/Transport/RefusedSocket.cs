using System.Net.Sockets;

namespace Tremolo.Server.Transport;

/// <summary>
/// Closes a socket the server will not serve. With an answer: sent at once (a few bytes a fresh
/// socket's buffer always takes), then a half-close, then whatever the peer sends (its request)
/// is read and dropped until it closes, for at most <c>linger</c> and a few KiB, so that closing
/// does not reset the connection and lose the answer before the peer read it. Nothing here holds
/// a thread while it waits.
/// </summary>
internal static class RefusedSocket
{
    private const int DrainLimit = 16384;

    // Shared by every lingering socket: what lands here is never read.
    private static readonly byte[] Discard = new byte[4096];

    public static async Task CloseAsync(Socket socket, ReadOnlyMemory<byte> answer, TimeSpan linger, TimeProvider time)
    {
        try
        {
            if (!answer.IsEmpty)
            {
                using var lingering = new CancellationTokenSource(linger, time);
                await socket.SendAsync(answer, SocketFlags.None, lingering.Token);
                socket.Shutdown(SocketShutdown.Send);
                for (var drained = 0; drained < DrainLimit;)
                {
                    var read = await socket.ReceiveAsync(Discard, SocketFlags.None, lingering.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    drained += read;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer left first or lingered too long: close all the same.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
