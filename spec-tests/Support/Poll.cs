using System.Diagnostics;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// Waiting in real time for what a test cannot await (a log line, a count, another process's
/// state): the suite's one poll loop. Timeouts are generous; they only bound a failing test.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="failure"/> when it did not within <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure, TimeSpan? every = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
                Assert.Fail(failure());
            await Task.Delay(every ?? DefaultEvery);
        }
    }
}
