using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// The meter `Tremolo` (System.Diagnostics.Metrics): what `dotnet-counters monitor -n tremolo
/// --counters Tremolo` shows and the `metrics: true` route exports. The engine bumps plain
/// fields (an interlocked add, no allocation, no listener call); the instruments are
/// observable ones that read those fields when a listener polls. Only the request duration is
/// a histogram, recorded only while a listener is attached (the metrics route's exporter
/// takes the durations directly, see <see cref="ExportDurations"/>). Instrument names carry no
/// prefix: exporters put the meter's name first (Prometheus: tremolo_connections_active).
/// </summary>
internal static class TremoloMetrics
{
    public const string MeterName = "Tremolo";

    private static readonly Meter Meter = new(MeterName, typeof(TremoloMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly string[] StatusClassNames = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly KeyValuePair<string, object?>[] StatusClassTags = [.. StatusClassNames.Select(c => new KeyValuePair<string, object?>("status_class", c))];
    private static readonly long[] RequestsByClass = new long[5];

    private static long _connectionsActive;
    private static long _connectionsAccepted;
    private static long _connectionsRejected;
    private static long _refusedOverTotal;
    private static long _refusedOverPerIp;
    private static long _webSocketSessions;
    private static long _messagesIn;
    private static long _messagesOut;
    private static long _bytesSent;
    private static long _channelMembers;
    private static long _channelMembersDropped;
    private static long _reloadsOk;
    private static long _reloadsFailed;

    // Brokers of the hosts running in this process, by their description (redis://host:port): one gauge row each.
    private static readonly ConcurrentDictionary<Func<bool>, string> Brokers = new();

    public const string RequestDurationName = "request.duration";
    public const string RequestDurationDescription = "Time from a request's head to the end of its answer";

    private static readonly Histogram<double> RequestDuration =
        Meter.CreateHistogram<double>(RequestDurationName, "s", RequestDurationDescription);

    // The metrics route's exporter, fed directly: a System.Diagnostics.Metrics listener's
    // callback per measurement (prometheus-net's adapter looks the labels up under a lock
    // each time) cost ~0.5 µs per request, about a tenth of a literal answer (bench/README.md).
    private static Action<int, double>? _durationExport;

    static TremoloMetrics()
    {
        Meter.CreateObservableUpDownCounter("connections.active", () => Read(ref _connectionsActive), "{connection}", "Connections open now (TLS handshakes included)");
        Meter.CreateObservableCounter("connections.accepted", () => Read(ref _connectionsAccepted), "{connection}", "Connections accepted");
        Meter.CreateObservableCounter("connections.rejected", () => Read(ref _connectionsRejected), "{connection}", "Connections closed before their first request (a failed TLS handshake)");
        Meter.CreateObservableCounter("connections.refused", ObserveRefusals, "{connection}", "Connections refused at accept, by the limit reached (max_connections, max_connections_per_ip)");
        Meter.CreateObservableCounter("requests", ObserveRequests, "{request}", "Requests answered, by status class");
        Meter.CreateObservableUpDownCounter("websocket.sessions", () => Read(ref _webSocketSessions), "{session}", "WebSocket sessions open now");
        Meter.CreateObservableCounter("messages.received", () => Read(ref _messagesIn), "{message}", "WebSocket messages received");
        Meter.CreateObservableCounter("messages.sent", () => Read(ref _messagesOut), "{message}", "WebSocket messages and SSE events sent");
        Meter.CreateObservableCounter("bytes.sent", () => Read(ref _bytesSent), "By", "Bytes handed to the connections: heads, bodies, frames (before TLS)");
        Meter.CreateObservableUpDownCounter("channel.members", () => Read(ref _channelMembers), "{member}", "Members of broadcast channels now (WebSocket and SSE)");
        Meter.CreateObservableCounter("channel.members.dropped", () => Read(ref _channelMembersDropped), "{member}", "Channel members dropped for falling max_queue_size messages behind");
        Meter.CreateObservableCounter("reloads", ObserveReloads, "{reload}", "Config reloads, by result");
        Meter.CreateObservableGauge("broker.up", ObserveBrokers, "{broker}", "1 while the channel broker is connected and subscribed, 0 while it is lost (no row without a broker)");
    }

    public static void ConnectionAccepted()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _connectionsActive);
    }

    public static void ConnectionEnded() => Interlocked.Decrement(ref _connectionsActive);

    public static void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    public static void ConnectionRefused(bool perIp) => Interlocked.Increment(ref perIp ? ref _refusedOverPerIp : ref _refusedOverTotal);

    public static void WebSocketSessionsAdd(int delta) => Interlocked.Add(ref _webSocketSessions, delta);

    public static void MessageReceived() => Interlocked.Increment(ref _messagesIn);

    public static void MessagesSent(int count) => Interlocked.Add(ref _messagesOut, count);

    public static void BytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

    public static void ChannelMembersAdd(int delta) => Interlocked.Add(ref _channelMembers, delta);

    public static void ChannelMemberDropped() => Interlocked.Increment(ref _channelMembersDropped);

    /// <summary>Reports a broker's state under its description until the returned handle is disposed.</summary>
    public static IDisposable WatchBroker(string description, Func<bool> isUp)
    {
        Brokers[isUp] = description;
        return new BrokerWatch(isUp);
    }

    public static void Reloaded(bool ok) => Interlocked.Increment(ref ok ? ref _reloadsOk : ref _reloadsFailed);

    /// <summary>Whether <see cref="RequestEnded"/> uses the duration (an exporter or a listener wants it).</summary>
    public static bool RecordsDurations => _durationExport is not null || RequestDuration.Enabled;

    /// <summary>
    /// One answered request: counted by status class, and its <paramref name="duration"/> recorded
    /// (null when the caller did not measure it: <see cref="RecordsDurations"/> was false).
    /// </summary>
    public static void RequestEnded(int status, TimeSpan? duration)
    {
        var index = Math.Clamp(status / 100, 1, 5) - 1;
        Interlocked.Increment(ref RequestsByClass[index]);
        if (duration is not { } elapsed)
        {
            return;
        }

        var seconds = elapsed.TotalSeconds;
        _durationExport?.Invoke(index, seconds);
        if (RequestDuration.Enabled)
        {
            RequestDuration.Record(seconds, StatusClassTags[index]);
        }
    }

    /// <summary>
    /// Hands every request duration to <paramref name="export"/> (status class index 0-4 for
    /// 1xx-5xx, seconds) from now on; the exporter then leaves the histogram instrument to
    /// other listeners (dotnet-counters).
    /// </summary>
    public static void ExportDurations(Action<int, double> export) => _durationExport = export;

    /// <summary>The status_class label of index 0-4.</summary>
    public static string StatusClassName(int index) => StatusClassNames[index];

    private static long Read(ref long field) => Volatile.Read(ref field);

    private static IEnumerable<Measurement<long>> ObserveRequests()
    {
        for (var i = 0; i < RequestsByClass.Length; i++)
        {
            yield return new Measurement<long>(Volatile.Read(ref RequestsByClass[i]), StatusClassTags[i]);
        }
    }

    private static IEnumerable<Measurement<int>> ObserveBrokers() =>
        [.. Brokers.Select(b => new Measurement<int>(b.Key() ? 1 : 0, new KeyValuePair<string, object?>("broker", b.Value)))];

    private static IEnumerable<Measurement<long>> ObserveRefusals() =>
    [
        new(Read(ref _refusedOverTotal), new KeyValuePair<string, object?>("limit", "max_connections")),
        new(Read(ref _refusedOverPerIp), new KeyValuePair<string, object?>("limit", "max_connections_per_ip")),
    ];

    private static IEnumerable<Measurement<long>> ObserveReloads() =>
    [
        new(Read(ref _reloadsOk), new KeyValuePair<string, object?>("result", "ok")),
        new(Read(ref _reloadsFailed), new KeyValuePair<string, object?>("result", "failed")),
    ];

    private sealed class BrokerWatch(Func<bool> isUp) : IDisposable
    {
        public void Dispose() => Brokers.TryRemove(isUp, out _);
    }
}
