using System.Net.Sockets;

namespace Tremolo.Bench.Load;

/// <summary>Opens and closes many WebSocket connections, with a bounded number of handshakes in flight.</summary>
static class Connector
{
    const int HandshakesInFlight = 64;
    static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    public static async Task<RawWebSocket[]> OpenAsync(Uri url, int count, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(HandshakesInFlight);
        var sockets = new RawWebSocket?[count];
        var failures = 0;
        string? firstError = null;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try { sockets[i] = await RawWebSocket.ConnectAsync(url, ct); }
            catch (Exception e) when (e is SocketException or IOException)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
            finally { gate.Release(); }
        }));
        if (failures > 0)
        {
            foreach (var socket in sockets) socket?.Dispose();
            throw new LoadFailedException($"{failures} of {count} connections to {url} failed: {firstError}");
        }
        return sockets.Select(s => s!).ToArray();
    }

    /// <summary>Closing handshake on sockets nobody else reads; a server that does not answer in time is cut off.</summary>
    public static async Task CloseAsync(IReadOnlyCollection<RawWebSocket> sockets)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        await Task.WhenAll(sockets.Select(async socket =>
        {
            try { await socket.CloseAsync(timeout.Token); }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
            finally { socket.Dispose(); }
        }));
    }

    /// <summary>Sends close frames on sockets whose readers end on the server's close, waits for those readers, then cuts off.</summary>
    public static async Task CloseAsync(IReadOnlyCollection<RawWebSocket> sockets, IEnumerable<Task> readers)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        await Task.WhenAll(sockets.Select(async socket =>
        {
            try { await socket.CloseOutputAsync(timeout.Token); }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
        }));
        try { await Task.WhenAll(readers).WaitAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        foreach (var socket in sockets) socket.Dispose();
    }
}
