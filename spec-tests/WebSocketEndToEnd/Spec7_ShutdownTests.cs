using Microsoft.Extensions.Time.Testing;
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
        // The server's clock stands still: stopping cannot wait out shutdown_timeout (30 s) and still end.
        var app = await TestApp.StartAsync($"routes:\n  - path: /ws\n    websocket: {{mode: {mode}}}\n", time: new FakeTimeProvider());
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await client.SendTextAsync("before");
        Assert.Equal("before", await client.ReceiveTextAsync());

        var stopping = app.DisposeAsync().AsTask();
        var frame = await client.ReceiveAsync(VirtualTime.RealPatience);
        Assert.Equal((WsOpcode.Close, 1001), (frame.Opcode, frame.CloseCode));
        client.Dispose();
        await stopping.WaitAsync(VirtualTime.RealPatience);
    }
}
