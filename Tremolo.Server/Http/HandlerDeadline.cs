namespace Tremolo.Server.Http;

/// <summary>
/// app_handler_timeout for the request being served: the heartbeat cancels <see cref="Token"/>
/// once it has passed (upgraded connections are exempt, as in Tremolo). The cancellation
/// source is made on first use and kept for the connection's life; a struct held by the connection.
/// </summary>
internal struct HandlerDeadline
{
    private long _deadline;
    private CancellationTokenSource? _cancellation;

    /// <summary>Cancelled when app_handler_timeout expires or the server stops.</summary>
    public CancellationToken Token => (_cancellation ??= new CancellationTokenSource()).Token;

    public readonly bool IsCancellationRequested => _cancellation?.IsCancellationRequested == true;

    /// <summary>Runs for <paramref name="seconds"/> from <paramref name="now"/>, a timestamp of <paramref name="time"/>.</summary>
    public void Start(double seconds, TimeProvider time, long now) =>
        Volatile.Write(ref _deadline, now + (long)(seconds * time.TimestampFrequency));

    public void Stop() => Volatile.Write(ref _deadline, 0);

    public void OnHeartbeat(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline != 0 && now >= deadline)
        {
            Volatile.Write(ref _deadline, 0);
            Volatile.Read(ref _cancellation)?.Cancel();
        }
    }

    public readonly void Dispose() => _cancellation?.Dispose();
}
