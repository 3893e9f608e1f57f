using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using StackExchange.Redis;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Channels.Redis;

/// <summary>
/// Channels over Redis: a publish runs one script that numbers the message, keeps it in the
/// channel's capped history list (with an expiry) and publishes it; every node, the sender's
/// included, delivers what its pattern subscription brings back, so all see Redis's order.
/// Engine threads only drop messages in an outbox; one loop hands them to Redis, pipelined.
/// While Redis is away, each node delivers its own messages locally (at most once, no
/// cross-node delivery), and StackExchange.Redis reconnects and resubscribes with backoff.
/// Member counts across nodes are kept by <see cref="RedisPresence"/>.
/// </summary>
public sealed class RedisBroker : IChannelBroker
{
    // Whatever is still out when Redis dies: the sender's node delivers it itself.
    private static readonly TimeSpan InFlightLimit = TimeSpan.FromSeconds(2);
    private const int OutboxCapacity = 65536;

    // How often a node tells Redis it still has members of a channel with history; a history
    // lives history_ttl past the last such refresh or message, plus twice this for a late timer.
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(30);

    // A message kept in no history (cap 0) is not numbered: sequence 0, as the sink expects.
    private const string PublishScript = """
        local seq = 0
        local cap = tonumber(ARGV[2])
        if cap > 0 then
          seq = redis.call('INCR', KEYS[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
        end
        local m = seq .. ' ' .. ARGV[1]
        if cap > 0 then
          redis.call('RPUSH', KEYS[1], m)
          redis.call('LTRIM', KEYS[1], -cap, -1)
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        redis.call('PUBLISH', KEYS[3], m)
        return seq
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly int _historyCap;
    private readonly long _historyExpiryMs;
    private readonly string _node = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 8);
    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<long, Outgoing> _inFlight = new();
    private readonly Lock _stateGate = new();
    private readonly ITimer _sweep;
    private readonly ITimer _keepAlive;
    private readonly Task _sender;
    private readonly IDisposable _metric;
    private readonly RedisPresence _presence;
    private ChannelMessageQueue? _subscription;
    private ChannelMessageQueue? _announcements;
    private IBrokerSink? _sink;
    private long _nextId;
    private bool _interactiveUp = true;
    private bool _subscriptionUp = true;
    private volatile bool _up = true;

    private RedisBroker(ConnectionMultiplexer redis, string prefix, int historyCap, TimeSpan historyTtl, string description, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _database = redis.GetDatabase();
        _prefix = prefix;
        _historyCap = historyCap;
        _historyExpiryMs = (long)(historyTtl + 2 * KeepAlivePeriod).TotalMilliseconds;
        Description = description;
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        _sender = Task.Run(SendAsync);
        _sweep = time.CreateTimer(_ => Sweep(), null, InFlightLimit, InFlightLimit);
        _keepAlive = time.CreateTimer(_ => KeepHistoriesAlive(), null, KeepAlivePeriod, KeepAlivePeriod);
        _presence = new RedisPresence(_database, _node, prefix, time, () => _up);
        _metric = TremoloMetrics.WatchBroker(description, () => _up);
    }

    /// <summary>Raised on losing (false) and regaining (true) Redis, with a line to log; on a Redis thread.</summary>
    public event Action<bool, string>? StateChanged;

    /// <summary>The broker URL without its password.</summary>
    public string Description { get; }

    public bool IsUp => _up;

    /// <summary>Messages handed to Redis and not yet back: a gauge for metrics.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>
    /// Connects and subscribes, or throws <see cref="RedisException"/> (the server then does not start).
    /// </summary>
    /// <param name="historyCap">the largest `history` of any route: how much each channel keeps in Redis.</param>
    /// <param name="historyTtl">the longest `history_ttl`: how long a channel's history and numbering outlive its last message and its last member anywhere.</param>
    /// <param name="time">the clock of the in-flight limit, of the keep-alive, and of the member counts' refresh and expiry.</param>
    public static async Task<RedisBroker> ConnectAsync(string url, string prefix, int historyCap, TimeSpan historyTtl, TimeProvider time)
    {
        var options = RedisAddress.Parse(url);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ClientName = "tremolo";
        // Fail fast while disconnected: this node then delivers locally instead of queuing for later.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var broker = new RedisBroker(redis, prefix, historyCap, historyTtl, RedisAddress.Describe(url), time);
        try
        {
            broker._subscription = await SubscribeAsync(redis, RedisChannel.Pattern(EscapePattern(prefix) + "ch:*")).ConfigureAwait(false);
            broker._subscription.OnMessage(broker.OnMessage);
            broker._announcements = await SubscribeAsync(redis, broker._presence.Announcements).ConfigureAwait(false);
            broker._announcements.OnMessage(m => broker._presence.OnAnnouncement((string?)m.Message ?? ""));
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return broker;
    }

    public void Attach(IBrokerSink sink)
    {
        _sink = sink;
        _presence.Attach(sink);
    }

    public bool TryPublish(string channel, ChannelMessage message)
    {
        if (!_up)
        {
            return false;
        }

        var outgoing = new Outgoing(channel, message, Interlocked.Increment(ref _nextId), _time.GetTimestamp());
        _inFlight[outgoing.Id] = outgoing;
        if (_outbox.Writer.TryWrite(outgoing))
        {
            return true;
        }

        // Redis cannot keep up: this one stays on this node rather than wait on an engine thread.
        _inFlight.TryRemove(outgoing.Id, out _);
        return false;
    }

    public async Task<IReadOnlyList<SequencedMessage>> ReadHistoryAsync(string channel, int count)
    {
        var entries = await _database.ListRangeAsync(HistoryKey(channel), -count, -1).ConfigureAwait(false);
        var history = new List<SequencedMessage>(entries.Length);
        foreach (var entry in entries)
        {
            if (WireMessage.TryParse((byte[])entry!, out var parsed))
            {
                history.Add(new SequencedMessage(parsed.Sequence, parsed.ToMessage()));
            }
        }

        return history;
    }

    public void MembersChanged(string channel) => _presence.Changed(channel);

    public int MembersElsewhere(string channel) => _presence.Elsewhere(channel);

    public Task MembersKnownAsync(string channel) => _presence.KnownAsync(channel);

    public async ValueTask DisposeAsync()
    {
        _metric.Dispose();
        _outbox.Writer.TryComplete();
        await _presence.DisposeAsync().ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
        await _keepAlive.DisposeAsync().ConfigureAwait(false);
        await _sender.ConfigureAwait(false);
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        await _redis.CloseAsync().ConfigureAwait(false);
        _redis.Dispose();
    }

    /// <summary>
    /// Subscribes once the subscription connection is up: it may come a moment after the
    /// interactive one, and while disconnected commands fail fast instead of waiting. The wait
    /// is on the network, so in real time whatever the server's clock (a virtual one in tests).
    /// </summary>
    private static async Task<ChannelMessageQueue> SubscribeAsync(ConnectionMultiplexer redis, RedisChannel channel)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(channel).ConfigureAwait(false);
            }
            catch (RedisConnectionException) when (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
            }
        }
    }

    private static string EscapePattern(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c is '*' or '?' or '[' or ']' or '\\' ? "\\" + c : c);
        }

        return escaped.ToString();
    }

    private RedisKey HistoryKey(string channel) => _prefix + "history:" + channel;

    private RedisKey SequenceKey(string channel) => _prefix + "seq:" + channel;

    /// <summary>The one loop that talks to Redis for publishers: commands go out in order, pipelined, never awaited one by one.</summary>
    private async Task SendAsync()
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var outgoing))
            {
                var body = WireMessage.Encode(_node, outgoing.Id, outgoing.Message);
                Task<RedisResult> sent;
                try
                {
                    sent = _database.ScriptEvaluateAsync(
                        PublishScript,
                        [HistoryKey(outgoing.Channel), SequenceKey(outgoing.Channel), _prefix + "ch:" + outgoing.Channel],
                        [body, outgoing.Message.IsTransient ? 0 : _historyCap, _historyExpiryMs]);
                }
                catch (Exception e) when (e is RedisException or ObjectDisposedException)
                {
                    DeliverHere(outgoing.Id);
                    continue;
                }

                _ = sent.ContinueWith(
                    static (_, state) => ((RedisBroker Broker, long Id))state! is var (broker, id) ? broker.DeliverHere(id) : false,
                    (this, outgoing.Id),
                    CancellationToken.None,
                    TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>A message of ours that Redis did not bring back: delivered on this node only, once.</summary>
    private bool DeliverHere(long id)
    {
        if (!_inFlight.TryRemove(id, out var outgoing))
        {
            return false;
        }

        _sink?.Deliver(outgoing.Channel, new SequencedMessage(0, outgoing.Message));
        return true;
    }

    /// <summary>In Redis's order, one at a time (the subscription queue runs the handler sequentially).</summary>
    private void OnMessage(StackExchange.Redis.ChannelMessage received)
    {
        var name = ((string?)received.Channel)?[(_prefix.Length + 3)..];
        if (name is null || !WireMessage.TryParse((byte[])received.Message!, out var parsed))
        {
            return;
        }

        if (parsed.IsFrom(_node))
        {
            // Our own: deliver the very object published (its encodings are shared), unless it was already delivered here.
            if (_inFlight.TryRemove(parsed.Id, out var own))
            {
                _sink?.Deliver(name, new SequencedMessage(parsed.Sequence, own.Message));
            }

            return;
        }

        _sink?.Deliver(name, new SequencedMessage(parsed.Sequence, parsed.ToMessage()));
    }

    /// <summary>A quiet room with members keeps its shared history: its expiry is pushed back (fire and forget).</summary>
    private void KeepHistoriesAlive()
    {
        if (!_up || _sink is null)
        {
            return;
        }

        var expiry = TimeSpan.FromMilliseconds(_historyExpiryMs);
        try
        {
            foreach (var channel in _sink.ChannelsWithHistory())
            {
                _database.KeyExpire(HistoryKey(channel), expiry, CommandFlags.FireAndForget);
                _database.KeyExpire(SequenceKey(channel), expiry, CommandFlags.FireAndForget);
            }
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Redis went away meanwhile: the next round tries again.
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (id, outgoing) in _inFlight)
        {
            if (_time.GetElapsedTime(outgoing.Since, now) > InFlightLimit)
            {
                DeliverHere(id);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        SetState(e.ConnectionType, up: false, $"broker {Description} lost ({e.FailureType}): channels carry on within each node; reconnecting");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        SetState(e.ConnectionType, up: true, $"broker {Description} reconnected: channels are shared across nodes again");

    private void SetState(ConnectionType connection, bool up, string line)
    {
        lock (_stateGate)
        {
            if (connection == ConnectionType.Subscription)
            {
                _subscriptionUp = up;
            }
            else
            {
                _interactiveUp = up;
            }

            var now = _interactiveUp && _subscriptionUp;
            if (now == _up)
            {
                return;
            }

            _up = now;
        }

        if (up)
        {
            // Redis may have restarted empty: this node's counts go back at once.
            _presence.RefreshAll();
        }

        StateChanged?.Invoke(up, line);
    }

    private sealed record Outgoing(string Channel, ChannelMessage Message, long Id, long Since);
}
