namespace Tremolo.Server.Hosting;

/// <summary>
/// How many accepted connections are still being served (their TLS handshake included),
/// so shutdown can wait for the last to end without holding a task per connection.
/// </summary>
internal sealed class ConnectionCounter
{
    private int _count;
    private TaskCompletionSource? _drained;

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>Completes when no connection is left; call once no more are accepted.</summary>
    public Task WhenDrained()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        if (Volatile.Read(ref _count) == 0)
        {
            drained.TrySetResult();
        }

        return drained.Task;
    }
}
