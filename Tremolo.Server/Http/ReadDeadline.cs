using System.IO.Pipelines;

namespace Tremolo.Server.Http;

/// <summary>
/// The deadline of the read a connection is waiting on (a request head, the next request, a
/// body piece), on the server's clock. The heartbeat checks it and cancels the pending read once
/// it has passed; the reader then asks <see cref="Expired"/> which one it was. A struct held by
/// the connection: a request costs no timer and no allocation.
/// </summary>
internal struct ReadDeadline
{
    private long _deadline;
    private int _waiting;
    private int _expired;

    /// <summary>The deadline that expired since it was set, if any.</summary>
    public readonly TimeoutKind Expired => (TimeoutKind)Volatile.Read(in _expired);

    /// <summary>Waits on the next read for at most <paramref name="seconds"/>.</summary>
    public void Set(TimeoutKind kind, double seconds, TimeProvider time)
    {
        Volatile.Write(ref _expired, 0);
        Volatile.Write(ref _deadline, time.GetTimestamp() + (long)(seconds * time.TimestampFrequency));
        Volatile.Write(ref _waiting, (int)kind);
    }

    public void Clear() => Volatile.Write(ref _waiting, (int)TimeoutKind.None);

    /// <summary>Called by the heartbeat (<paramref name="now"/>: a server clock timestamp): cancels the read once due.</summary>
    public void OnHeartbeat(long now, PipeReader input)
    {
        var waiting = Volatile.Read(ref _waiting);
        if (waiting != (int)TimeoutKind.None && now >= Volatile.Read(ref _deadline) && Interlocked.CompareExchange(ref _expired, waiting, 0) == 0)
        {
            input.CancelPendingRead();
        }
    }
}
