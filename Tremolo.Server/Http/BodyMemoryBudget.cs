namespace Tremolo.Server.Http;

/// <summary>
/// The memory all buffered request bodies may hold at once, process-wide. A body reserves
/// its size (Content-Length, or client_max_body_size when chunked) before its first byte is
/// read; past the budget it waits (its client's bytes wait in the socket meanwhile) until
/// other bodies go back. A body alone may exceed the budget, so nothing waits forever.
/// When a burst of large bodies is over (nothing held any more after at least
/// <see cref="BurstBytes"/> were), the heap is compacted once on the thread pool, so the
/// process gives the memory back instead of keeping its high-water mark.
/// </summary>
internal sealed class BodyMemoryBudget(long limit)
{
    /// <summary>64 MiB: 32 bodies at the default client_max_body_size (a template reading one as text holds it twice more).</summary>
    public static readonly BodyMemoryBudget Shared = new(64L * 1024 * 1024);

    /// <summary>A burst worth giving back: the collection then costs less than the memory it frees.</summary>
    private const long BurstBytes = 32L * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Ready)> _waiting = [];
    private long _held;
    private long _highWater;

    public long Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    public async ValueTask ReserveAsync(long bytes, CancellationToken cancellation)
    {
        LinkedListNode<(long Bytes, TaskCompletionSource Ready)> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && Fits(bytes))
            {
                Hold(bytes);
                return;
            }

            node = _waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Ready.Task.WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiting.Remove(node);
                    throw;
                }
            }

            // Granted just as the wait was cancelled: give it back.
            Release(bytes);
            throw;
        }
    }

    public void Release(long bytes)
    {
        bool burstOver;
        lock (_lock)
        {
            _held -= bytes;
            while (_waiting.First is { } first && Fits(first.Value.Bytes))
            {
                _waiting.RemoveFirst();
                Hold(first.Value.Bytes);
                first.Value.Ready.SetResult();
            }

            burstOver = _held == 0 && _highWater >= BurstBytes;
            if (burstOver)
            {
                _highWater = 0;
            }
        }

        if (burstOver)
        {
            // Off the caller's thread (maybe the socket engine's): the cost grows with the heap.
            ThreadPool.UnsafeQueueUserWorkItem(static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null);
        }
    }

    private void Hold(long bytes)
    {
        _held += bytes;
        _highWater = Math.Max(_highWater, _held);
    }

    private bool Fits(long bytes) => _held == 0 || _held + bytes <= limit;
}
