using Tremolo.Server.Channels;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>The log line of a channel member dropped for falling max_queue_size messages behind: who, and on which channel.</summary>
internal static class DroppedMembers
{
    public static void Log(HttpContext context, ChannelMember member) =>
        context.Log.Warning(
            $"{context.ClientHost}:{context.ClientPort} dropped from channel '{member.Room.Name}': {member.Room.MaxQueueSize} messages behind (max_queue_size)",
            new("client", $"{context.ClientHost}:{context.ClientPort}"), new("channel", member.Room.Name));
}
