using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `app_handler_timeout`: a handler still running after it is cut (here a
/// throttled download that would take four seconds); upgraded connections are not affected.
/// </summary>
public sealed class Configuration_AppHandlerTimeout
{
    [Fact]
    public async Task ADownloadLongerThanTheTimeoutIsCut()
    {
        // 500000 bytes at 100000 bytes/s would take four seconds.
        await using var app = await RunningApp.StartAsync(
            "server: {app_handler_timeout: 1, download_rate: 100000}\nroutes:\n  - {path: /file, file: big.bin}\n",
            new Dictionary<string, object> { ["big.bin"] = new string('z', 500_000) });

        var watch = Stopwatch.StartNew();
        var response = await app.GetAsync("/file");

        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.5);
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        Assert.InRange(RunningApp.BodyOf(response).Length, 100_000, 450_000);
        Assert.Contains("tremolo: ERROR: /file: handler timeout (app_handler_timeout=1)\n", app.Log);
    }

    [Fact]
    public async Task AReturnedBodyLongerThanTheTimeoutIsCut()
    {
        await using var app = await RunningApp.StartAsync(
            $"server: {{app_handler_timeout: 1}}\nroutes:\n  - {{path: /, rate: 100000, body: {new string('y', 500_000)}}}\n");

        var watch = Stopwatch.StartNew();
        var response = await app.GetAsync("/");

        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.5);
        Assert.InRange(RunningApp.BodyOf(response).Length, 100_000, 450_000);
    }

    [Fact]
    public async Task AWebSocketOutlivesTheTimeout()
    {
        await using var app = await RunningApp.StartAsync("server: {app_handler_timeout: 1}\nroutes:\n  - {path: /ws, websocket: {mode: echo}}\n");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{app.Port}/ws"), timeout.Token);

        await Task.Delay(1500);
        await socket.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("still here", Encoding.UTF8.GetString(buffer, 0, result.Count));
        Assert.DoesNotContain("handler timeout", app.Log);
    }
}
