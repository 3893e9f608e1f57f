using Tremolo.Server.Http;
using Tremolo.Server.WebSockets.Broadcast;

namespace Tremolo.Server.App;

/// <summary>The log line of a channel member dropped for falling max_queue_size messages behind: who, and on which channel.</summary>
internal static class DroppedMembers
{
    public static void Log(HttpContext context, ChannelMember member) =>
        context.Connection.Listener.Log.Warning(
            $"{context.ClientHost}:{context.ClientPort} dropped from channel '{member.Channel.Name}': {context.Options.MaxQueueSize} messages behind (max_queue_size)",
            new("client", $"{context.ClientHost}:{context.ClientPort}"), new("channel", member.Channel.Name));
}
