using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>SPEC 5 / issue 5.2: `mode: echo` over a real socket: format on text, binary as binary, greeting first.</summary>
public sealed class Spec5_EchoTests
{
    private const string EchoYaml = """
        routes:
          - path: /ws
            websocket:
              mode: echo
              format: "You said: {{ message }}"
              greeting: "Welcome, Guest{{ client.port }}"
        """;

    [Fact]
    public async Task GreetingThenEachTextMessageThroughFormat()
    {
        await using var app = await TestApp.StartAsync(EchoYaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        Assert.Equal($"Welcome, Guest{client.LocalPort}", await client.ReceiveTextAsync());
        foreach (var text in new[] { "hello", "", "héllo wörld ✓", new string('x', 70000) })
        {
            await client.SendTextAsync(text);
            Assert.Equal("You said: " + text, await client.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task BinaryIsEchoedAsBinaryUnformatted()
    {
        await using var app = await TestApp.StartAsync(EchoYaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await client.ReceiveTextAsync();
        byte[] payload = [0x00, 0xFF, 0x80, 0x7B, 0x7B, 0x20, 0x6D, 0x7D, 0x7D];
        await client.SendBinaryAsync(payload);
        var frame = await client.ReceiveAsync();
        Assert.Equal(WsOpcode.Binary, frame.Opcode);
        Assert.Equal(payload, frame.Payload);
    }

    [Fact]
    public async Task ClientCloseIsAnsweredWith1000()
    {
        await using var app = await TestApp.StartAsync(EchoYaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await client.ReceiveTextAsync();
        await client.SendCloseAsync(1000);
        var frame = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Close, 1000), (frame.Opcode, frame.CloseCode));
        Assert.True(await client.WaitForEndAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>SPEC 9: the default app answers `[HH:MM:SS] Guest&lt;client port&gt;: &lt;message&gt;`.</summary>
    [Fact]
    public async Task DefaultAppStampsTimeAndGuestPort()
    {
        await using var app = await TestApp.StartAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tremolo.yaml")));
        using var client = await WsTestClient.ConnectAsync(app.Port, "/");
        await client.SendTextAsync("hi <b>there</b>");
        var answer = await client.ReceiveTextAsync();
        Assert.Matches(new Regex($@"^\[\d\d:\d\d:\d\d\] Guest{client.LocalPort}: hi <b>there</b>$"), answer);
    }
}
