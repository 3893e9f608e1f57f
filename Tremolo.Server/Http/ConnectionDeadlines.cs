using System.IO.Pipelines;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Http;

/// <summary>
/// Every deadline of one connection, on the server's clock, for the heartbeat to check: the
/// read it waits on (a request head, the next request, a body piece), app_handler_timeout
/// for the request being served, and the send deadline its flusher carries. No timer per
/// request: the heartbeat compares timestamps.
/// </summary>
internal sealed class ConnectionDeadlines(TimeProvider time)
{
    private ReadDeadline _read;
    private HandlerDeadline _handler;
    private bool _sendTimedOut;

    /// <summary>Cancelled when app_handler_timeout expires or the server stops.</summary>
    public CancellationToken HandlerAborted => _handler.Token;

    public bool HandlerTimedOut => _handler.IsCancellationRequested;

    /// <summary>The read deadline that expired since it was set, if any.</summary>
    public TimeoutKind ReadExpired => _read.Expired;

    /// <summary>Waits on the next read for at most <paramref name="seconds"/>; the heartbeat cancels it after.</summary>
    public void SetRead(TimeoutKind kind, double seconds) => _read.Set(kind, seconds, time);

    public void ClearRead() => _read.Clear();

    /// <summary>
    /// Starts app_handler_timeout. <paramref name="started"/>: the request's Stopwatch timestamp,
    /// which is the system clock's own reading, so it serves here too and saves a clock read per
    /// request; any other clock (a virtual one in tests) is read anew.
    /// </summary>
    public void StartHandler(double seconds, long started) =>
        _handler.Start(seconds, time, ReferenceEquals(time, TimeProvider.System) ? started : time.GetTimestamp());

    public void StopHandler() => _handler.Stop();

    /// <summary>
    /// Called by the heartbeat first: true, once, when a send has been stalled past its
    /// deadline (the peer stopped reading; the caller drops it).
    /// </summary>
    public bool SendExpired(long now, OutputFlusher flusher)
    {
        if (_sendTimedOut || !flusher.IsOverdue(now))
        {
            return false;
        }

        _sendTimedOut = true;
        return true;
    }

    /// <summary>
    /// Called by the heartbeat: cancels an overdue read, and an overdue handler unless
    /// <paramref name="handlerExempt"/> (an upgraded connection, as in Tremolo).
    /// </summary>
    public void OnHeartbeat(long now, PipeReader input, bool handlerExempt)
    {
        _read.OnHeartbeat(now, input);
        if (!handlerExempt)
        {
            _handler.OnHeartbeat(now);
        }
    }

    public void Dispose() => _handler.Dispose();
}
