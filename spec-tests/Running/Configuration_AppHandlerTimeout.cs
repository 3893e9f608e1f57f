using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `app_handler_timeout`: a handler still running after it is cut (here a
/// throttled download that would take four seconds); upgraded connections are not affected.
/// On the server's virtual clock.
/// </summary>
public sealed class Configuration_AppHandlerTimeout
{
    private const int Rate = 100_000;

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task ADownloadLongerThanTheTimeoutIsCut()
    {
        // 500000 bytes at 100000 bytes/s would take four seconds.
        await using var app = await TestApp.StartAsync(
            "server: {app_handler_timeout: 1, download_rate: 100000}\nroutes:\n  - {path: /file, file: big.bin}\n",
            new Dictionary<string, string> { ["big.bin"] = new string('z', 500_000) },
            _clock);

        var response = await CutGetAsync(app, "/file");

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        Assert.InRange(TestApp.BodyOf(response).Length, Rate, 450_000);
        Assert.Contains("tremolo: ERROR: /file: handler timeout (app_handler_timeout=1)\n", app.Log);
    }

    [Fact]
    public async Task AReturnedBodyLongerThanTheTimeoutIsCut()
    {
        await using var app = await TestApp.StartAsync(
            $"server: {{app_handler_timeout: 1}}\nroutes:\n  - {{path: /, rate: {Rate}, body: {new string('y', 500_000)}}}\n", time: _clock);

        var response = await CutGetAsync(app, "/");

        Assert.InRange(TestApp.BodyOf(response).Length, Rate, 450_000);
    }

    [Fact]
    public async Task AWebSocketOutlivesTheTimeout()
    {
        await using var app = await TestApp.StartAsync("server: {app_handler_timeout: 1}\nroutes:\n  - {path: /ws, websocket: {mode: echo}}\n", time: _clock);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(VirtualTime.RealPatience);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{app.Port}/ws"), timeout.Token);

        await _clock.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        await socket.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("still here", Encoding.UTF8.GetString(buffer, 0, result.Count));
        Assert.DoesNotContain("handler timeout", app.Log);
    }

    /// <summary>A throttled GET: running at 0.8 s, cut by 1.3 s. Returns what came.</summary>
    private async Task<string> CutGetAsync(TestApp app, string path)
    {
        using var client = await RawHttpClient.ConnectAsync(app.Port);
        await client.SendAsync($"GET {path} HTTP/1.0\r\n\r\n");
        var first = await client.ReadAsync(ReadUntil.Bytes, count: Rate, timeout: VirtualTime.RealPatience);

        var rest = client.ReadToCloseAsync(VirtualTime.RealPatience);
        await _clock.AdvanceAsync(TimeSpan.FromSeconds(0.8));
        Assert.True(await VirtualTime.StillRunningAsync(rest), "cut before 0.8 s");
        Assert.DoesNotContain("handler timeout", app.Log);
        await _clock.AdvanceUntilAsync(rest, TimeSpan.FromSeconds(0.5));
        return Encoding.Latin1.GetString(first) + await rest;
    }
}
