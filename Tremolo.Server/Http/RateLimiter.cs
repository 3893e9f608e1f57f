namespace Tremolo.Server.Http;

/// <summary>
/// Throttles one transfer (a response body, a request body) to a byte rate per second: the
/// first second's worth passes at once, the rest at the rate, on the server's clock. A default
/// value (rate 0) never waits, and the struct lives in the caller's frame, so an unthrottled
/// transfer allocates nothing.
/// </summary>
public readonly struct RateLimiter
{
    private readonly long _rate;
    private readonly TimeProvider? _time;
    private readonly long _started;

    public RateLimiter(long rate, TimeProvider time)
    {
        _rate = rate;
        _time = time;
        _started = rate > 0 ? time.GetTimestamp() : 0;
    }

    /// <summary>Waits until <paramref name="transferred"/> bytes (the total so far) are within the rate.</summary>
    public ValueTask WaitAsync(long transferred, CancellationToken cancellationToken)
    {
        if (_rate <= 0 || transferred <= _rate || _time is not { } time)
        {
            return ValueTask.CompletedTask;
        }

        var due = TimeSpan.FromSeconds((transferred - _rate) / (double)_rate) - time.GetElapsedTime(_started);
        return due > TimeSpan.Zero ? new ValueTask(Task.Delay(due, time, cancellationToken)) : ValueTask.CompletedTask;
    }
}
