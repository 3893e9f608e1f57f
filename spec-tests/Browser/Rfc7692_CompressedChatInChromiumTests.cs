using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// Issue 12 item 5, in a real browser: with ws_compression on, Chromium's own
/// permessage-deflate offer is accepted and the default chat works both ways, short and long
/// messages alike (Chromium compresses what it sends, the server what it answers).
/// </summary>
public sealed class Rfc7692_CompressedChatInChromiumTests
{
    [Fact]
    public async Task DefaultChatWithCompressionOnWorksInChromium()
    {
        var yaml = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tremolo.yaml"))).Replace("server:\n", "server:\n  ws_compression: true\n");
        await using var app = await TestApp.StartAsync(yaml);
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await CdpPage.OpenAsync(chromium.Connection, $"http://127.0.0.1:{app.Port}/");
        await page.WaitUntilAsync("socket.readyState === WebSocket.OPEN", "socket.readyState");
        Assert.Equal(
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            (await page.EvaluateAsync("socket.extensions")).GetString());

        await page.TypeAsync("#message", "Hello, compressed");
        await page.ClickAsync("#send");
        await page.WaitUntilAsync("document.querySelectorAll('#messages li').length === 1", "document.getElementById('messages').innerHTML");

        await page.EvaluateAsync("document.getElementById('message').value = 'squeeze me '.repeat(3000) + 'end'");
        await page.ClickAsync("#send");
        await page.WaitUntilAsync("document.querySelectorAll('#messages li').length === 2", "document.getElementById('messages').innerHTML");

        // The page lists the newest message first.
        var lines = await page.TextsAsync("#messages li");
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d\] Guest\d{1,5}: Hello, compressed$"), lines[1]);
        Assert.EndsWith(": " + string.Concat(Enumerable.Repeat("squeeze me ", 3000)) + "end", lines[0]);
    }
}
