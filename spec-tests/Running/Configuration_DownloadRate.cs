using System.Diagnostics;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `download_rate` (and a route's `rate`): the sending speed per connection.
/// The first second's worth goes at once, so three times the rate takes about two seconds,
/// and a body within the rate is not held back.
/// </summary>
public sealed class Configuration_DownloadRate
{
    private const int Rate = 100_000;

    [Fact]
    public async Task AFileOfThreeTimesTheRateTakesTwoSeconds()
    {
        await using var app = await FileAppAsync(3 * Rate);

        var (body, elapsed) = await TimedGetAsync(app, "/file");

        Assert.Equal(3 * Rate, body.Length);
        Assert.All(body, c => Assert.Equal('z', c));
        Assert.InRange(elapsed.TotalSeconds, 1.8, 4.5);
    }

    [Fact]
    public async Task AFileWithinTheRateIsNotDelayed()
    {
        await using var app = await FileAppAsync(Rate / 2);

        var (body, elapsed) = await TimedGetAsync(app, "/file");

        Assert.Equal(Rate / 2, body.Length);
        Assert.InRange(elapsed.TotalSeconds, 0, 0.8);
    }

    [Fact]
    public async Task ARoutesRateOverridesDownloadRateForFiles()
    {
        var yaml = "routes:\n  - {path: /file, file: big.bin, rate: 100000}\n";
        await using var app = await RunningApp.StartAsync(yaml, new Dictionary<string, object> { ["big.bin"] = new string('z', 3 * Rate) });

        var (body, elapsed) = await TimedGetAsync(app, "/file");

        Assert.Equal(3 * Rate, body.Length);
        Assert.InRange(elapsed.TotalSeconds, 1.8, 4.5);
    }

    [Fact]
    public async Task AReturnedBodyOfThreeTimesTheRouteRateTakesTwoSeconds()
    {
        var yaml = $"routes:\n  - {{path: /body, rate: {Rate}, body: {new string('y', 3 * Rate)}}}\n  - {{path: /small, rate: {Rate}, body: {new string('y', Rate)}}}\n";
        await using var app = await RunningApp.StartAsync(yaml);

        var (body, elapsed) = await TimedGetAsync(app, "/body");
        var (small, smallElapsed) = await TimedGetAsync(app, "/small");

        Assert.Equal(new string('y', 3 * Rate), body);
        Assert.InRange(elapsed.TotalSeconds, 1.8, 4.5);
        Assert.Equal(Rate, small.Length);
        Assert.InRange(smallElapsed.TotalSeconds, 0, 0.8);
    }

    private static Task<RunningApp> FileAppAsync(int size) => RunningApp.StartAsync(
        $"server: {{download_rate: {Rate}}}\nroutes:\n  - {{path: /file, file: big.bin}}\n",
        new Dictionary<string, object> { ["big.bin"] = new string('z', size) });

    internal static async Task<(string Body, TimeSpan Elapsed)> TimedGetAsync(RunningApp app, string path)
    {
        var watch = Stopwatch.StartNew();
        var response = await app.GetAsync(path);
        var elapsed = watch.Elapsed;
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        return (RunningApp.BodyOf(response), elapsed);
    }
}
