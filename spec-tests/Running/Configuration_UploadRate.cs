using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `upload_rate`: the reading speed of a request body per connection. The
/// first second's worth is read at once, so three times the rate takes two seconds (on the
/// server's virtual clock).
/// </summary>
public sealed class Configuration_UploadRate
{
    private const int Rate = 100_000;
    private const string Yaml = "server: {upload_rate: 100000}\nroutes:\n  - {path: /up, template: \"{{ request.body | string.size }}\"}\n";

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task ABodyOfThreeTimesTheRateTakesTwoSeconds()
    {
        await using var app = await TestApp.StartAsync(Yaml, time: _clock);
        var body = new string('u', 3 * Rate);

        var response = await ThrottledAsync(app, $"POST /up HTTP/1.0\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.Equal("300000", TestApp.BodyOf(response));
    }

    [Fact]
    public async Task AChunkedBodyIsThrottledToo()
    {
        await using var app = await TestApp.StartAsync(Yaml, time: _clock);
        var chunked = new StringBuilder();
        for (var i = 0; i < 30; i++)
            chunked.Append("2710\r\n").Append('u', 10_000).Append("\r\n");
        chunked.Append("0\r\n\r\n");

        var response = await ThrottledAsync(app, $"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}");

        Assert.EndsWith("\r\n6\r\n300000\r\n0\r\n\r\n", response);
    }

    [Fact]
    public async Task ASmallBodyIsNotDelayed()
    {
        await using var app = await TestApp.StartAsync(Yaml, time: _clock);
        var body = new string('u', Rate / 2);

        // The clock never moves: the answer comes all the same.
        var response = await app.RequestAsync($"POST /up HTTP/1.0\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        Assert.Equal("50000", TestApp.BodyOf(response));
    }

    /// <summary>Sends a request with three times the rate of body: not answered before 1.8 s, answered by 2.6 s.</summary>
    private async Task<string> ThrottledAsync(TestApp app, string request)
    {
        using var client = await RawHttpClient.ConnectAsync(app.Port);
        var sending = client.SendAsync(request, VirtualTime.RealPatience);
        var response = client.ReadToCloseAsync(VirtualTime.RealPatience);

        // A breath of real time for the server to start reading before the clock moves.
        Assert.True(await VirtualTime.StillRunningAsync(response), "answered before the clock moved");
        await _clock.AdvanceAsync(TimeSpan.FromSeconds(1.7));
        Assert.True(await VirtualTime.StillRunningAsync(response), "answered before 1.8 s");
        await _clock.AdvanceUntilAsync(response, TimeSpan.FromSeconds(0.9));
        await sending;
        return await response;
    }
}
