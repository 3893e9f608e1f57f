using System.Net;
using System.Text;
using Tremolo.SpecTests.Support;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// README's apps/chat, as people use it (issue 13.7): two pages in one room, Enter sends, an
/// empty message is not sent, the online count and join/leave lines follow who is there, a
/// backend's curl POST reaches both pages, and a reload (also alone in the room) shows the
/// history. Screenshots of both pages are kept for a person to look at.
/// </summary>
public sealed class Readme_ChatAppInChromiumTests(ITestOutputHelper output)
{
    /// <summary>Where the two pages' screenshots go.</summary>
    public static readonly string AliceScreenshot = Path.Combine(Path.GetTempPath(), "tremolo-chat-alice.png");

    public static readonly string BobScreenshot = Path.Combine(Path.GetTempPath(), "tremolo-chat-bob.png");

    public static readonly string ReconnectingScreenshot = Path.Combine(Path.GetTempPath(), "tremolo-chat-reconnecting.png");

    private const string Texts = "[...document.querySelectorAll('#messages .message .text')].map(e => e.textContent)";

    [Fact]
    public async Task TwoPagesChatSeeWhoIsOnlineAndAMessagePublishedWithCurl()
    {
        var log = new StringWriter();
        await using var host = await InProcessEngine.StartAsync(Path.Combine(RepositoryPaths.Root, "apps/chat/tremolo.yaml"), TextWriter.Synchronized(log));
        var port = InProcessEngine.PortOf(host);
        await using var chromium = await HeadlessChromium.StartAsync();
        var room = $"dev-{Guid.NewGuid():N}"[..12];
        var url = $"http://127.0.0.1:{port}/room/{room}";

        var alice = await OpenAsync(chromium, url);
        Assert.Equal($"#{room} · Tremolo Chat", (await alice.EvaluateAsync("document.title")).GetString());
        await alice.WaitUntilAsync(Online(1), "document.getElementById('online').textContent");

        // A second page joins: both count two, the first is told who came.
        var bob = await OpenAsync(chromium, url);
        await alice.WaitUntilAsync(Online(2), "document.getElementById('online').textContent");
        await bob.WaitUntilAsync(Online(2), "document.getElementById('online').textContent");
        Assert.Equal(["You joined"], await bob.TextsAsync("#messages .event"));
        var aliceSaw = await alice.TextsAsync("#messages .event");
        Assert.Equal("You joined", aliceSaw[0]);
        var bobName = Assert.Single(aliceSaw[1..]).Replace(" joined", "");
        Assert.Matches("^Guest[0-9]+$", bobName);

        // Enter sends; the button sends; blank input sends nothing.
        await alice.TypeAsync("#message", "Hi Bob! Is the new build up yet?");
        await alice.PressEnterAsync();
        await bob.TypeAsync("#message", "Not yet, the backend will post here when it is.");
        await bob.ClickAsync("#send");
        await alice.TypeAsync("#message", "   ");
        await alice.PressEnterAsync();
        Assert.Equal("   ", (await alice.EvaluateAsync("document.getElementById('message').value")).GetString());
        await alice.EvaluateAsync("document.getElementById('message').value = ''");
        await alice.TypeAsync("#message", "Great, thanks.");
        await alice.PressEnterAsync();
        string[] said = ["Hi Bob! Is the new build up yet?", "Not yet, the backend will post here when it is.", "Great, thanks."];
        foreach (var page in new[] { alice, bob })
        {
            await page.WaitUntilAsync($"{Texts}.length === 3", Texts);
            Assert.Equal(said, await TextsAsync(page));
        }

        Assert.Equal(2, (await alice.EvaluateAsync("document.querySelectorAll('#messages .message.mine').length")).GetInt32());
        Assert.Equal(["You", bobName, "You"], await alice.TextsAsync("#messages .message .from"));

        // A backend publishes with the README's curl: without the token it is refused, with it both pages show it.
        using var http = new HttpClient();
        var refused = await http.PostAsync($"http://127.0.0.1:{port}/api/rooms/{room}/messages", new StringContent("not me"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var publish = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/rooms/{room}/messages")
        {
            Content = new StringContent("Build 2.4.1 is live, déployé à 16 h", Encoding.UTF8),
        };
        publish.Headers.Add("X-Token", "dev-token");
        var accepted = await http.SendAsync(publish);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        foreach (var page in new[] { alice, bob })
        {
            await page.WaitUntilAsync($"{Texts}.length === 4", Texts);
            Assert.Equal("Build 2.4.1 is live, déployé à 16 h", (await TextsAsync(page))[3]);
            Assert.Equal("backend", (await page.TextsAsync("#messages .message .from"))[3]);
        }

        await alice.TypeAsync("#message", "Nice!");
        await File.WriteAllBytesAsync(AliceScreenshot, await alice.ScreenshotAsync());
        await File.WriteAllBytesAsync(BobScreenshot, await bob.ScreenshotAsync());
        output.WriteLine($"screenshots: {AliceScreenshot} {BobScreenshot}");

        // Bob reloads: the conversation is back (history), and still two online.
        await bob.ReloadAsync();
        await bob.WaitUntilAsync($"{Texts}.length === 4 && {Online(2)}", Texts);
        Assert.Equal(said.Append("Build 2.4.1 is live, déployé à 16 h"), await TextsAsync(bob));

        // Bob leaves: Alice is told and counts one.
        await bob.CloseAsync();
        await alice.WaitUntilAsync(Online(1), "document.getElementById('online').textContent");
        Assert.Contains($"{bobName} left", await alice.TextsAsync("#messages .event"));

        // Alone in the room, Alice reloads: the room emptied for a moment, its history did not.
        await alice.ReloadAsync();
        await alice.WaitUntilAsync($"{Texts}.length === 4 && {Online(1)}", Texts);
        Assert.Equal(said.Append("Build 2.4.1 is live, déployé à 16 h"), await TextsAsync(alice));
    }

    [Fact]
    public async Task APageWhoseServerWentAwaySaysSoAndReconnectsWhenItIsBack()
    {
        var chat = Path.Combine(RepositoryPaths.Root, "apps/chat/tremolo.yaml");
        var host = await InProcessEngine.StartAsync(chat, TextWriter.Null);
        var port = InProcessEngine.PortOf(host);
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await OpenAsync(chromium, $"http://127.0.0.1:{port}/room/lobby");
        Assert.False((await page.EvaluateAsync("document.getElementById('send').disabled")).GetBoolean());

        await host.DisposeAsync();
        await page.WaitUntilAsync(
            "document.getElementById('status').dataset.state === 'closed' && /retrying in \\d+ s/.test(document.getElementById('status').textContent)",
            "document.getElementById('status').textContent");
        Assert.True((await page.EvaluateAsync("document.getElementById('send').disabled")).GetBoolean());
        await File.WriteAllBytesAsync(ReconnectingScreenshot, await page.ScreenshotAsync());

        // Back on the same port: the page finds it on its own (backoff 1 s, 2 s, 4 s ...).
        await using var restarted = await InProcessEngine.StartAsync(chat, TextWriter.Null, port: port);
        await page.WaitUntilAsync($"document.getElementById('status').dataset.state === 'open' && {Online(1)}", "document.getElementById('status').textContent");
        await page.TypeAsync("#message", "back again");
        await page.PressEnterAsync();
        await page.WaitUntilAsync($"{Texts}.join() === 'back again'", Texts);
    }

    private static async Task<CdpPage> OpenAsync(HeadlessChromium chromium, string url)
    {
        var page = await CdpPage.OpenAsync(chromium.Connection, url);
        await page.SetViewportAsync(760, 560);
        await page.WaitUntilAsync("document.getElementById('status').dataset.state === 'open'", "document.getElementById('status').textContent");
        return page;
    }

    private static string Online(int count) => $"document.getElementById('online').textContent === '{count} online'";

    private static async Task<string[]> TextsAsync(CdpPage page) =>
        [.. (await page.EvaluateAsync(Texts)).EnumerateArray().Select(text => text.GetString()!)];
}
