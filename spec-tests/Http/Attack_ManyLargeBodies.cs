using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// Attack: many clients each trickling a large body to a route that reads it (issue 17:
/// 200 x 2 MB took RSS from 84 MB to 855 MB, and most of it stayed). Buffered bodies are
/// pooled and counted against one budget: past it a body waits before its first byte is
/// read, and every byte goes back when its request is over (bench/body_memory.py measures it).
/// </summary>
public sealed class Attack_ManyLargeBodies
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task BodiesPastTheBudget_WaitUntilOthersGoBack()
    {
        var budget = new BodyMemoryBudget(4 * MiB);
        var first = await RequestBodyBuffer.RentAsync(budget, 2 * MiB, 2 * MiB, CancellationToken.None);
        var second = await RequestBodyBuffer.RentAsync(budget, 2 * MiB, 2 * MiB, CancellationToken.None);

        var third = RequestBodyBuffer.RentAsync(budget, 2 * MiB, 2 * MiB, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(4 * MiB, budget.Held);

        first.Dispose();
        using var granted = await third;
        Assert.Equal(4 * MiB, budget.Held);

        second.Dispose();
        granted.Dispose();
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task WaitersAreServedInOrder_ASmallOneDoesNotOvertake()
    {
        var budget = new BodyMemoryBudget(4 * MiB);
        var big = await RequestBodyBuffer.RentAsync(budget, 3 * MiB, 0, CancellationToken.None);
        var large = RequestBodyBuffer.RentAsync(budget, 3 * MiB, 0, CancellationToken.None).AsTask();
        var small = RequestBodyBuffer.RentAsync(budget, 1, 0, CancellationToken.None).AsTask();

        Assert.False(small.IsCompleted);
        big.Dispose();
        (await large).Dispose();
        (await small).Dispose();
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task ABodyLargerThanTheWholeBudget_StillGoesAlone()
    {
        var budget = new BodyMemoryBudget(1 * MiB);

        using var body = await RequestBodyBuffer.RentAsync(budget, 8 * MiB, 8 * MiB, CancellationToken.None);

        Assert.Equal(8 * MiB, budget.Held);
    }

    [Fact]
    public async Task AWaitThatIsCancelled_HoldsNothing()
    {
        var budget = new BodyMemoryBudget(1 * MiB);
        var held = await RequestBodyBuffer.RentAsync(budget, 1 * MiB, 0, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = RequestBodyBuffer.RentAsync(budget, 1 * MiB, 0, cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task TheBufferHoldsWhatWasWritten_AndGivesItBackOnce()
    {
        var budget = new BodyMemoryBudget(4 * MiB);
        var body = await RequestBodyBuffer.RentAsync(budget, 1 * MiB, 0, CancellationToken.None);
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        for (var offset = 0; offset < data.Length; offset += 7_000)
        {
            System.Buffers.BuffersExtensions.Write(body, data.AsSpan(offset, Math.Min(7_000, data.Length - offset)));
        }

        Assert.Equal(data, body.Written.ToArray());
        body.Dispose();
        body.Dispose();
        Assert.Equal(0, budget.Held);
    }
}
