using System.Net.WebSockets;

namespace Tremolo.Bench.KestrelPeer;

/// <summary>Sends every message back to its sender, keeping the frame type.</summary>
static class Echo
{
    public static async Task RunAsync(WebSocket socket, CancellationToken ct)
    {
        var reader = new MessageReader(socket);
        try
        {
            while (await reader.ReadAsync(ct) is { } type)
                await socket.SendAsync(reader.Message, type, true, ct);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
    }
}
