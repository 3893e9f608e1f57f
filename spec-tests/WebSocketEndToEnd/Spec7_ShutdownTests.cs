using System.Diagnostics;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>SPEC 7 (running): stopping the server says 1001 Going Away to open WebSockets at once, without waiting out shutdown_timeout.</summary>
public sealed class Spec7_ShutdownTests
{
    [Theory]
    [InlineData("echo")]
    [InlineData("broadcast")]
    public async Task StoppingClosesOpenWebSocketsWith1001Promptly(string mode)
    {
        var app = await TestApp.StartAsync($"routes:\n  - path: /ws\n    websocket: {{mode: {mode}}}\n");
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await client.SendTextAsync("before");
        Assert.Equal("before", await client.ReceiveTextAsync());

        var clock = Stopwatch.StartNew();
        var stopping = app.DisposeAsync().AsTask();
        var frame = await client.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((WsOpcode.Close, 1001), (frame.Opcode, frame.CloseCode));
        client.Dispose();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed} (shutdown_timeout is 30 s)");
    }
}
