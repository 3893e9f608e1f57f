using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using StackExchange.Redis;

namespace Tremolo.Server.Channels.Redis;

/// <summary>
/// Members across nodes. Each node keeps, per channel it has members in, one field of the
/// channel's Redis hash: its count, a version and an expiry on its own clock. It rewrites the
/// field when its count changes (and publishes the change) and on every refresh; the answer
/// is the hash, the other nodes' counts. A node that dies stops refreshing, so its count
/// expires. Counts are read from memory: nobody waits on Redis to know them.
/// </summary>
internal sealed class RedisPresence : IAsyncDisposable
{
    /// <summary>How often a node rewrites its counts and rereads the others'.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a count stays valid after its node last wrote it.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(15);

    // Fields this long past their expiry are deleted: a node whose clock runs behind keeps its count meanwhile.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);

    // The hash of a channel whose every node vanished (Redis's own clock; any live node renews it each refresh).
    private static readonly TimeSpan HashLifetime = TimeSpan.FromMinutes(1);

    // KEYS: the channel's hash, the presence pub/sub channel. ARGV: node, field value ("COUNT
    // VERSION EXPIRY"; a count of 0 stays until forgotten, so a reread sees the node left),
    // hash lifetime, change to publish ('' on a refresh), forget fields expired before this.
    private const string WriteScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        if ARGV[4] ~= '' then
          redis.call('PUBLISH', KEYS[2], ARGV[4])
        end
        local all = redis.call('HGETALL', KEYS[1])
        local forget = tonumber(ARGV[5])
        for i = 1, #all, 2 do
          local expiry = tonumber(string.match(all[i + 1], '(%d+)$'))
          if expiry ~= nil and expiry < forget then
            redis.call('HDEL', KEYS[1], all[i])
          end
        end
        return all
        """;

    private readonly IDatabase _database;
    private readonly string _node;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly Func<bool> _isUp;
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly Channel<(string Channel, bool Changed)> _dirty =
        Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ITimer _refresh;
    private readonly Task _writer;
    private IBrokerSink? _sink;
    private long _version;

    public RedisPresence(IDatabase database, string node, string prefix, TimeProvider time, Func<bool> isUp)
    {
        _database = database;
        _node = node;
        _prefix = prefix;
        _time = time;
        _isUp = isUp;
        _writer = Task.Run(WriteAsync);
        _refresh = time.CreateTimer(_ => RefreshAll(), null, RefreshInterval, RefreshInterval);
    }

    /// <summary>The pub/sub channel where nodes announce their changes.</summary>
    public RedisChannel Announcements => RedisChannel.Literal(_prefix + "presence");

    public void Attach(IBrokerSink sink) => _sink = sink;

    /// <summary>This node's count of the channel changed: written and announced by the writer loop.</summary>
    public void Changed(string channel) => _dirty.Writer.TryWrite((channel, true));

    /// <summary>The other nodes' members of the channel, as last heard; none while Redis is away (the room is split).</summary>
    public int Elsewhere(string channel) =>
        _isUp() && _tallies.TryGetValue(channel, out var tally) ? tally.Elsewhere : 0;

    /// <summary>Completes once the channel's first answer from Redis is in, or failed.</summary>
    public Task KnownAsync(string channel) =>
        _isUp() ? _tallies.GetOrAdd(channel, static _ => new Tally()).Known.Task : Task.CompletedTask;

    /// <summary>Rewrites every count now (Redis is back, and may have lost them).</summary>
    public void RefreshAll()
    {
        foreach (var channel in _tallies.Keys)
        {
            _dirty.Writer.TryWrite((channel, false));
        }
    }

    /// <summary>A change another node announced: "NODE COUNT VERSION EXPIRY CHANNEL".</summary>
    public void OnAnnouncement(string text)
    {
        var parts = text.Split(' ', 5);
        if (parts.Length == 5 && parts[0] != _node && _tallies.TryGetValue(parts[4], out var tally) &&
            Entry.TryParse(parts[1], parts[2], parts[3], out var entry))
        {
            tally.Apply(parts[0], entry, Now());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _refresh.DisposeAsync().ConfigureAwait(false);
        _dirty.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The one loop that writes this node's counts: each batch of changed channels is sent
    /// pipelined (so in order), then each answer updates the channel's tally.
    /// </summary>
    private async Task WriteAsync()
    {
        var reader = _dirty.Reader;
        var batch = new Dictionary<string, bool>(StringComparer.Ordinal);
        var sent = new List<(string Channel, int Count, Task<RedisResult> Answer)>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var dirty))
            {
                batch[dirty.Channel] = batch.GetValueOrDefault(dirty.Channel) | dirty.Changed;
            }

            foreach (var (channel, changed) in batch)
            {
                var count = _sink?.MembersHere(channel) ?? 0;
                sent.Add((channel, count, Write(channel, count, changed)));
            }

            batch.Clear();
            foreach (var (channel, count, answer) in sent)
            {
                await Settle(channel, count, answer).ConfigureAwait(false);
            }

            sent.Clear();
        }
    }

    private Task<RedisResult> Write(string channel, int count, bool changed)
    {
        var now = Now();
        var entry = new Entry(count, Interlocked.Increment(ref _version), now + (long)EntryLifetime.TotalMilliseconds);
        var announcement = changed ? $"{_node} {entry} {channel}" : "";
        try
        {
            return _database.ScriptEvaluateAsync(
                WriteScript,
                [_prefix + "presence:" + channel, _prefix + "presence"],
                [_node, entry.ToString(), (long)HashLifetime.TotalMilliseconds, announcement, now - (long)ForgetAfter.TotalMilliseconds]);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            return Task.FromException<RedisResult>(e);
        }
    }

    /// <summary>Takes in a channel's answer: the other nodes' counts, or nothing when Redis failed (tried again at the next refresh).</summary>
    private async Task Settle(string channel, int count, Task<RedisResult> answer)
    {
        RedisResult[]? fields = null;
        try
        {
            fields = (RedisResult[]?)await answer.ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException or TimeoutException)
        {
            // Redis is away: counts stay as last heard (and read as none while it is).
        }

        if (count == 0 && (_sink?.MembersHere(channel) ?? 0) == 0)
        {
            // Nobody here any more: this node stops following the channel.
            if (_tallies.TryRemove(channel, out var gone))
            {
                gone.Known.TrySetResult();
            }

            return;
        }

        var tally = _tallies.GetOrAdd(channel, static _ => new Tally());
        if (fields is not null)
        {
            tally.Merge(_node, fields, Now());
        }

        tally.Known.TrySetResult();
    }

    /// <summary>One node's count of a channel: a newer version replaces an older one; valid until its expiry.</summary>
    private readonly record struct Entry(int Count, long Version, long Expiry)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} {Version} {Expiry}");

        public static bool TryParse(string count, string version, string expiry, out Entry entry)
        {
            const NumberStyles digits = NumberStyles.None;
            var parsed = int.TryParse(count, digits, CultureInfo.InvariantCulture, out var c)
                & long.TryParse(version, digits, CultureInfo.InvariantCulture, out var v)
                & long.TryParse(expiry, digits, CultureInfo.InvariantCulture, out var e);
            entry = new Entry(c, v, e);
            return parsed;
        }
    }

    /// <summary>What this node knows of one channel's members on the other nodes.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, Entry> _nodes = new(StringComparer.Ordinal);
        private volatile int _elsewhere;

        public TaskCompletionSource Known { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Elsewhere => _elsewhere;

        /// <summary>One node's announced change.</summary>
        public void Apply(string node, Entry entry, long now)
        {
            lock (_nodes)
            {
                Take(node, entry);
                Sum(now);
            }
        }

        /// <summary>
        /// The hash as Redis answered it. A node missing from it is not taken as gone: its
        /// announcement may have overtaken this answer; a count runs out at its expiry anyway.
        /// </summary>
        public void Merge(string self, RedisResult[] fields, long now)
        {
            lock (_nodes)
            {
                for (var i = 0; i + 1 < fields.Length; i += 2)
                {
                    var node = (string?)fields[i];
                    var parts = ((string?)fields[i + 1])?.Split(' ');
                    if (node is not null && node != self && parts is { Length: 3 } && Entry.TryParse(parts[0], parts[1], parts[2], out var entry))
                    {
                        Take(node, entry);
                    }
                }

                Sum(now);
            }
        }

        private void Take(string node, Entry entry)
        {
            if (!_nodes.TryGetValue(node, out var known) || known.Version < entry.Version)
            {
                _nodes[node] = entry;
            }
        }

        /// <summary>Adds up the counts still valid; expired ones (a node that died, or left) are forgotten.</summary>
        private void Sum(long now)
        {
            var sum = 0;
            List<string>? expired = null;
            foreach (var (node, entry) in _nodes)
            {
                if (entry.Expiry > now)
                {
                    sum += entry.Count;
                }
                else
                {
                    (expired ??= []).Add(node);
                }
            }

            expired?.ForEach(node => _nodes.Remove(node));
            _elsewhere = sum;
        }
    }
}
