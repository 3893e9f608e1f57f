using StackExchange.Redis;
using Tremolo.Config.Model;
using Tremolo.Server.Channels.Redis;
using Tremolo.Server.Channels;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Hosting;

/// <summary>
/// The app's channel hub: in-process, or over the `broker`, reached before anything listens
/// (a broker that cannot be reached stops the start). Its state changes become log lines.
/// </summary>
internal static class ChannelSetup
{
    public static async Task<(ChannelHub Hub, IChannelBroker? Broker)> StartAsync(AppDocument document, ServerLog log, TimeProvider time)
    {
        var server = document.Server;
        if (server.Broker is not { } url)
        {
            return (new ChannelHub(server.MaxQueueSize, time: time), null);
        }

        var broker = await ConnectAsync(document, url, log, time);
        return (new ChannelHub(server.MaxQueueSize, broker, time), broker);
    }

    /// <summary>
    /// Apart from StartAsync so that a server without a broker never loads StackExchange.Redis
    /// (compiling a method loads the assemblies of the types it names: 1 MiB of resident memory).
    /// </summary>
    private static async Task<IChannelBroker> ConnectAsync(AppDocument document, string url, ServerLog log, TimeProvider time)
    {
        RedisBroker broker;
        try
        {
            broker = await RedisBroker.ConnectAsync(url, document.Server.BrokerPrefix, HistoryCap(document.App), TimeSpan.FromSeconds(HistoryTtl(document.App)), time);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new StartupException($"cannot reach the broker {RedisAddress.Describe(url)}: {Reason(e)}", e);
        }

        broker.StateChanged += (up, line) =>
        {
            if (up)
            {
                log.Info(line);
            }
            else
            {
                log.Error(line);
            }
        };
        log.Info($"channels are shared through the broker {broker.Description}");
        return broker;
    }

    /// <summary>The largest `history` of any WebSocket route, mounted apps included: what each channel keeps in the broker.</summary>
    private static int HistoryCap(AppModel app) =>
        Math.Max(
            app.Routes.Select(r => r.WebSocket?.History ?? 0).DefaultIfEmpty(0).Max(),
            app.Mounts.Select(m => HistoryCap(m.App)).DefaultIfEmpty(0).Max());

    /// <summary>The longest `history_ttl` of any WebSocket route with a history, mounted apps included: how long the broker keeps a channel's.</summary>
    private static int HistoryTtl(AppModel app) =>
        Math.Max(
            app.Routes.Select(r => r.WebSocket is { History: > 0 } websocket ? websocket.HistoryTtl : 0).DefaultIfEmpty(0).Max(),
            app.Mounts.Select(m => HistoryTtl(m.App)).DefaultIfEmpty(0).Max());

    /// <summary>StackExchange.Redis's failure kind in words ("unable to connect", "authentication failure").</summary>
    private static string Reason(Exception e) => e is RedisConnectionException connection
        ? System.Text.RegularExpressions.Regex.Replace(connection.FailureType.ToString(), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant()
        : e.Message.Split('\n')[0].Trim();
}
