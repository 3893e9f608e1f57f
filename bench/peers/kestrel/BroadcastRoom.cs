using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Tremolo.Bench.KestrelPeer;

/// <summary>
/// One channel: every message goes to every member, sender included, in one order for all.
/// Each member has its own bounded send queue so a slow reader is dropped instead of stalling others.
/// </summary>
sealed class BroadcastRoom
{
    const int MaxQueuedMessages = 128;
    readonly ConcurrentDictionary<Member, byte> _members = new();
    readonly Lock _order = new();

    public async Task JoinAsync(WebSocket socket, CancellationToken ct)
    {
        var member = new Member(socket);
        _members.TryAdd(member, 0);
        var writer = member.WriteLoopAsync(ct);
        var reader = new MessageReader(socket);
        try
        {
            while (await reader.ReadAsync(ct) is { } type)
                Publish(new Outgoing(reader.Message.ToArray(), type));
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        finally
        {
            _members.TryRemove(member, out _);
            member.Queue.Writer.TryComplete();
            await writer;
        }
    }

    void Publish(Outgoing message)
    {
        lock (_order)
        {
            foreach (var member in _members.Keys)
                if (!member.Queue.Writer.TryWrite(message)) member.Socket.Abort();
        }
    }

    readonly record struct Outgoing(byte[] Payload, WebSocketMessageType Type);

    sealed class Member(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public Channel<Outgoing> Queue { get; } = Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(MaxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public async Task WriteLoopAsync(CancellationToken ct)
        {
            try
            {
                await foreach (var message in Queue.Reader.ReadAllAsync(ct))
                    await Socket.SendAsync(message.Payload, message.Type, true, ct);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
    }
}
