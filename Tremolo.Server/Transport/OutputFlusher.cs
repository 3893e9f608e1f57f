using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Transport;

/// <summary>
/// The one way a connection's bytes leave: every flush (HTTP heads and bodies, files, SSE
/// events, WebSocket frames, channel pumps, the closing flush) goes through here. A flush that
/// does not complete at once arms the send deadline (request_timeout, as Tremolo's _send_data
/// drops a stalled send); the server's heartbeat asks <see cref="IsOverdue"/> and drops a peer
/// that stopped reading. A flush that completes at once, the common case, costs one check.
/// </summary>
public sealed class OutputFlusher(PipeWriter output, TimeProvider time, TimeSpan sendTimeout)
{
    private readonly long _timeout = (long)(sendTimeout.TotalSeconds * time.TimestampFrequency);
    private long _deadline;

    /// <summary>Where the bytes are written before a flush.</summary>
    public PipeWriter Output { get; } = output;

    /// <summary>The server's clock (throttles on the same connection read it too).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Bytes flushed so far (before TLS): the access log takes a request's share from it.</summary>
    public long BytesSent { get; private set; }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Output.CanGetUnflushedBytes)
        {
            var pending = Output.UnflushedBytes;
            BytesSent += pending;
            TremoloMetrics.BytesSent(pending);
        }

        var flush = Output.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? flush : AwaitStalledAsync(flush);
    }

    /// <summary>True while a flush has been waiting on the peer past the send timeout (<paramref name="now"/>: a <see cref="Time"/> timestamp).</summary>
    public bool IsOverdue(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        return deadline != 0 && now >= deadline;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> AwaitStalledAsync(ValueTask<FlushResult> flush)
    {
        // One flush at a time per connection (its writers take turns), so one deadline suffices.
        Volatile.Write(ref _deadline, Time.GetTimestamp() + _timeout);
        try
        {
            return await flush;
        }
        finally
        {
            Volatile.Write(ref _deadline, 0);
        }
    }
}
