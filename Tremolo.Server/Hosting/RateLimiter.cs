namespace Tremolo.Server.Hosting;

/// <summary>
/// Throttles one transfer (a response body, a request body) to a byte rate per second: the
/// first second's worth passes at once, the rest at the rate. A default value (rate 0) never waits,
/// and the struct lives in the caller's frame, so an unthrottled transfer allocates nothing.
/// </summary>
public struct RateLimiter(long rate)
{
    private readonly long _started = Environment.TickCount64;

    /// <summary>Waits until <paramref name="transferred"/> bytes (the total so far) are within the rate.</summary>
    public readonly ValueTask WaitAsync(long transferred, CancellationToken cancellationToken)
    {
        if (rate <= 0 || transferred <= rate)
        {
            return ValueTask.CompletedTask;
        }

        var due = (long)((transferred - rate) * 1000.0 / rate) - (Environment.TickCount64 - _started);
        return due > 0 ? new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(due), cancellationToken)) : ValueTask.CompletedTask;
    }
}
