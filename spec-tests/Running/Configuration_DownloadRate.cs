using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `download_rate` (and a route's `rate`): the sending speed per connection.
/// The first second's worth goes at once, so three times the rate takes two seconds, and a body
/// within the rate is not held back. Measured on the server's virtual clock.
/// </summary>
public sealed class Configuration_DownloadRate
{
    private const int Rate = 100_000;

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task AFileOfThreeTimesTheRateTakesTwoSeconds()
    {
        await using var app = await FileAppAsync(3 * Rate);

        var body = await ThrottledGetAsync(app, _clock, "/file", Rate);

        Assert.Equal(3 * Rate, body.Length);
        Assert.All(body, c => Assert.Equal('z', c));
    }

    [Fact]
    public async Task AFileWithinTheRateIsNotDelayed()
    {
        await using var app = await FileAppAsync(Rate / 2);

        // The clock never moves: the whole file comes all the same.
        Assert.Equal(Rate / 2, TestApp.BodyOf(await app.GetAsync("/file")).Length);
    }

    [Fact]
    public async Task ARoutesRateOverridesDownloadRateForFiles()
    {
        var yaml = "routes:\n  - {path: /file, file: big.bin, rate: 100000}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string> { ["big.bin"] = new string('z', 3 * Rate) }, time: _clock);

        var body = await ThrottledGetAsync(app, _clock, "/file", Rate);

        Assert.Equal(3 * Rate, body.Length);
    }

    [Fact]
    public async Task AReturnedBodyOfThreeTimesTheRouteRateTakesTwoSeconds()
    {
        var yaml = $"routes:\n  - {{path: /body, rate: {Rate}, body: {new string('y', 3 * Rate)}}}\n  - {{path: /small, rate: {Rate}, body: {new string('y', Rate)}}}\n";
        await using var app = await TestApp.StartAsync(yaml, time: _clock);

        var body = await ThrottledGetAsync(app, _clock, "/body", Rate);
        var small = TestApp.BodyOf(await app.GetAsync("/small"));

        Assert.Equal(new string('y', 3 * Rate), body);
        Assert.Equal(Rate, small.Length);
    }

    private Task<TestApp> FileAppAsync(int size) => TestApp.StartAsync(
        $"server: {{download_rate: {Rate}}}\nroutes:\n  - {{path: /file, file: big.bin}}\n",
        new Dictionary<string, string> { ["big.bin"] = new string('z', size) },
        _clock);

    /// <summary>
    /// GETs a body of three times <paramref name="rate"/>: the first second's worth comes with the
    /// clock standing still, the rest not before 1.8 s and all of it by 2.1 s. Returns the body.
    /// </summary>
    internal static async Task<string> ThrottledGetAsync(TestApp app, FakeTimeProvider clock, string path, int rate)
    {
        using var client = await RawHttpClient.ConnectAsync(app.Port);
        await client.SendAsync($"GET {path} HTTP/1.0\r\n\r\n");
        var first = await client.ReadAsync(ReadUntil.Bytes, count: rate, timeout: VirtualTime.RealPatience);
        Assert.True(first.Length >= rate, $"only {first.Length} bytes before the clock moved");

        var rest = client.ReadToCloseAsync(VirtualTime.RealPatience);
        await clock.AdvanceAsync(TimeSpan.FromSeconds(1.7));
        Assert.True(await VirtualTime.StillRunningAsync(rest), "all of it came before 1.8 s");
        await clock.AdvanceUntilAsync(rest, TimeSpan.FromSeconds(0.4));

        var response = Encoding.Latin1.GetString(first) + await rest;
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        return TestApp.BodyOf(response);
    }
}
