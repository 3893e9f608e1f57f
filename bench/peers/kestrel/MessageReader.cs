using System.Net.WebSockets;

namespace Tremolo.Bench.KestrelPeer;

/// <summary>Reads whole messages (all fragments) into one reusable, growing buffer.</summary>
sealed class MessageReader(WebSocket socket)
{
    byte[] _buffer = new byte[4096 + 64];
    int _length;

    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <returns>The message type, or null once the peer has closed.</returns>
    public async ValueTask<WebSocketMessageType?> ReadAsync(CancellationToken ct)
    {
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var result = await socket.ReceiveAsync(_buffer.AsMemory(_length), ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            _length += result.Count;
            if (result.EndOfMessage) return result.MessageType;
        }
    }
}
