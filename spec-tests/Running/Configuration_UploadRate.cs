using System.Diagnostics;
using System.Text;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `upload_rate`: the reading speed of a request body per connection. The
/// first second's worth is read at once, so three times the rate takes about two seconds.
/// </summary>
public sealed class Configuration_UploadRate
{
    private const int Rate = 100_000;
    private const string Yaml = "server: {upload_rate: 100000}\nroutes:\n  - {path: /up, template: \"{{ request.body | string.size }}\"}\n";

    [Fact]
    public async Task ABodyOfThreeTimesTheRateTakesTwoSeconds()
    {
        await using var app = await RunningApp.StartAsync(Yaml);
        var body = new string('u', 3 * Rate);

        var (response, elapsed) = await TimedAsync(app, $"POST /up HTTP/1.0\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.Equal("300000", RunningApp.BodyOf(response));
        Assert.InRange(elapsed.TotalSeconds, 1.8, 4.5);
    }

    [Fact]
    public async Task AChunkedBodyIsThrottledToo()
    {
        await using var app = await RunningApp.StartAsync(Yaml);
        var chunked = new StringBuilder();
        for (var i = 0; i < 30; i++)
            chunked.Append("2710\r\n").Append('u', 10_000).Append("\r\n");
        chunked.Append("0\r\n\r\n");

        var (response, elapsed) = await TimedAsync(app, $"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}");

        Assert.EndsWith("\r\n6\r\n300000\r\n0\r\n\r\n", response);
        Assert.InRange(elapsed.TotalSeconds, 1.8, 4.5);
    }

    [Fact]
    public async Task ASmallBodyIsNotDelayed()
    {
        await using var app = await RunningApp.StartAsync(Yaml);
        var body = new string('u', Rate / 2);

        var (response, elapsed) = await TimedAsync(app, $"POST /up HTTP/1.0\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.Equal("50000", RunningApp.BodyOf(response));
        Assert.InRange(elapsed.TotalSeconds, 0, 0.8);
    }

    private static async Task<(string Response, TimeSpan Elapsed)> TimedAsync(RunningApp app, string request)
    {
        var watch = Stopwatch.StartNew();
        var response = await app.RequestAsync(request);
        return (response, watch.Elapsed);
    }
}
