using System.Net.Http;
using System.Net.WebSockets;

namespace Tremolo.Bench.Load;

/// <summary>Opens many WebSocket connections with a bounded number of handshakes in flight.</summary>
static class Connector
{
    const int HandshakesInFlight = 64;
    static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler { UseProxy = false });

    public static async Task<ClientWebSocket[]> OpenAsync(Uri url, int count, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(HandshakesInFlight);
        var sockets = new ClientWebSocket?[count];
        var failures = 0;
        string? firstError = null;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero; // no client pings during the measure
                await socket.ConnectAsync(url, Invoker, ct);
                sockets[i] = socket;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
            finally { gate.Release(); }
        }));
        if (failures > 0)
        {
            await CloseAsync(sockets.OfType<ClientWebSocket>());
            throw new LoadFailedException($"{failures} of {count} connections to {url} failed: {firstError}");
        }
        return sockets.Select(s => s!).ToArray();
    }

    /// <summary>Closes politely but never waits long: a server that does not answer is aborted.</summary>
    public static async Task CloseAsync(IEnumerable<ClientWebSocket> sockets)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await Task.WhenAll(sockets.Select(async socket =>
        {
            try
            {
                if (socket.State == WebSocketState.Open)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
            finally { socket.Dispose(); }
        }));
    }
}
