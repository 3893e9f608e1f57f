using Microsoft.Extensions.Time.Testing;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// Moves a server's virtual clock (<see cref="FakeTimeProvider"/>) as timing tests need it: in
/// heartbeat-sized steps with a breath of real time between them, so the server's continuations
/// run. What a test asserts is virtual time, which a loaded machine cannot stretch: a slow
/// server only makes the test wait longer in real time, never fail.
/// </summary>
public static class VirtualTime
{
    /// <summary>The server's heartbeat period: one step fires each deadline check once.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a test waits in real time for something virtual time has made due.</summary>
    public static readonly TimeSpan RealPatience = TimeSpan.FromSeconds(20);

    /// <summary>Advances the clock by <paramref name="by"/>, step by step.</summary>
    public static async Task AdvanceAsync(this FakeTimeProvider clock, TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= Step)
        {
            clock.Advance(left < Step ? left : Step);
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Advances step by step until <paramref name="done"/> completes, by at most <paramref name="limit"/>;
    /// with the clock stopped there, waits in real time only. Fails when it does not complete:
    /// so it is known to happen within the limit, however slowly the machine runs.
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider clock, Task done, TimeSpan limit)
    {
        var start = clock.GetUtcNow();
        while (!done.IsCompleted && clock.GetUtcNow() - start < limit)
        {
            clock.Advance(Step);
            await Task.WhenAny(done, Task.Delay(20));
        }

        if (await Task.WhenAny(done, Task.Delay(RealPatience)) != done)
            Assert.Fail($"not done within {limit} of virtual time");
        await done;
    }

    /// <summary>As <see cref="AdvanceUntilAsync(FakeTimeProvider, Task, TimeSpan)"/>, polling a condition.</summary>
    public static Task AdvanceUntilAsync(this FakeTimeProvider clock, Func<bool> condition, TimeSpan limit) =>
        clock.AdvanceUntilAsync(PollAsync(condition), limit);

    /// <summary>True when <paramref name="task"/> is still running after a moment of real time (for "not yet" checks).</summary>
    public static async Task<bool> StillRunningAsync(Task task)
    {
        await Task.WhenAny(task, Task.Delay(200));
        return !task.IsCompleted;
    }

    /// <summary>Completes once <paramref name="condition"/> holds (checked every few milliseconds of real time).</summary>
    public static Task PollAsync(Func<bool> condition) =>
        Poll.UntilAsync(condition, RealPatience * 2, () => "the condition never held", TimeSpan.FromMilliseconds(10));
}
