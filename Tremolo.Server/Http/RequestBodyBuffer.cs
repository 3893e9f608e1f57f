using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>
/// A request body read whole for templates: pooled arrays (a pool of its own, which keeps
/// few: the shared pool would keep dozens of megabyte arrays per core), counted against the
/// <see cref="BodyMemoryBudget"/> from the start, and both given back by <see cref="Dispose"/>
/// when the request is over, so a burst of large bodies leaves no memory behind.
/// </summary>
internal sealed class RequestBodyBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>Arrays up to 4 MiB are pooled, 4 of each size at most; larger bodies get arrays of their own.</summary>
    private static readonly ArrayPool<byte> Arrays = ArrayPool<byte>.Create(4 * 1024 * 1024, 4);

    private readonly BodyMemoryBudget _budget;
    private readonly long _reserved;
    private byte[] _array;
    private int _written;
    private bool _disposed;

    private RequestBodyBuffer(BodyMemoryBudget budget, long reserved, int initial)
    {
        _budget = budget;
        _reserved = reserved;
        _array = initial == 0 ? [] : Arrays.Rent(initial);
    }

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _written);

    /// <summary>A buffer for at most <paramref name="max"/> bytes, sized for <paramref name="expected"/> (the Content-Length, or 0).</summary>
    public static async ValueTask<RequestBodyBuffer> RentAsync(BodyMemoryBudget budget, long max, long expected, CancellationToken cancellation)
    {
        await budget.ReserveAsync(max, cancellation);
        return new RequestBodyBuffer(budget, max, (int)Math.Min(expected, max));
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_array.Length > 0)
        {
            Arrays.Return(_array);
        }

        _array = [];
        _written = 0;
        _budget.Release(_reserved);
    }

    private void Grow(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }

        // Doubling, but never past what was reserved (the decoder stops the body at client_max_body_size).
        var size = (int)Math.Min(Math.Max(needed, Math.Max(4096, _array.Length * 2L)), Math.Max(_reserved, needed));
        var larger = Arrays.Rent(size);
        _array.AsSpan(0, _written).CopyTo(larger);
        if (_array.Length > 0)
        {
            Arrays.Return(_array);
        }

        _array = larger;
    }
}
