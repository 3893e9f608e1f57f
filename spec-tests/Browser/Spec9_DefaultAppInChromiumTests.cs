using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSocketEndToEnd;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// SPEC 9 and issue 5.4, in a real browser: a person opens the default app (the repo's
/// tremolo.yaml), types a message, clicks Send and sees `[HH:MM:SS] Guest&lt;port&gt;: message`;
/// in apps/chat two pages see each other's messages in the same order.
/// </summary>
public sealed class Spec9_DefaultAppInChromiumTests(ITestOutputHelper output)
{
    /// <summary>Where the default app's screenshot goes, for a person to look at.</summary>
    public static readonly string ScreenshotPath = Path.Combine(Path.GetTempPath(), "tremolo-default-app.png");

    [Fact]
    public async Task DefaultAppShowsTheTypedMessageWithTimeAndGuestPort()
    {
        await using var app = await TestApp.StartAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tremolo.yaml")));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await CdpPage.OpenAsync(chromium.Connection, $"http://127.0.0.1:{app.Port}/");
        Assert.Equal("WebSocket Chat", (await page.EvaluateAsync("document.title")).GetString());
        await page.WaitUntilAsync("socket.readyState === WebSocket.OPEN", "socket.readyState");

        await page.TypeAsync("#message", "Hello from Chromium <3");
        await page.ClickAsync("#send");
        await page.WaitUntilAsync("document.querySelectorAll('#messages li').length === 1", "document.getElementById('messages').innerHTML");

        var line = Assert.Single(await page.TextsAsync("#messages li"));
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d\] Guest\d{1,5}: Hello from Chromium <3$"), line);
        Assert.Equal("", (await page.EvaluateAsync("document.getElementById('message').value")).GetString());

        await File.WriteAllBytesAsync(ScreenshotPath, await page.ScreenshotAsync());
        output.WriteLine($"{line}\nscreenshot: {ScreenshotPath}");
    }

    [Fact]
    public async Task ChatAppPagesSeeEachOthersMessagesInOneOrder()
    {
        var log = new StringWriter();
        var (host, port) = await InProcessEngine.StartAsync(Path.Combine(RepositoryPaths.Root, "apps/chat/tremolo.yaml"), TextWriter.Synchronized(log));
        await using var _ = host;
        await using var chromium = await HeadlessChromium.StartAsync();
        var url = $"http://127.0.0.1:{port}/room/browser-{Guid.NewGuid():N}";
        var alice = await CdpPage.OpenAsync(chromium.Connection, url);
        var bob = await CdpPage.OpenAsync(chromium.Connection, url);
        foreach (var page in new[] { alice, bob })
        {
            await page.WaitUntilAsync("document.querySelectorAll('#messages li').length === 1", "document.getElementById('messages').innerHTML");
        }

        // Each sees its own greeting, then everything said, in one order for both.
        var alicePort = GreetedPort(Assert.Single(await alice.TextsAsync("#messages li")));
        var bobPort = GreetedPort(Assert.Single(await bob.TextsAsync("#messages li")));
        foreach (var (page, text) in new[] { (alice, "hi bob"), (bob, "hi alice"), (alice, "how are you?"), (bob, "fine") })
        {
            await page.TypeAsync("#message", text);
            await page.ClickAsync("#send");
        }

        foreach (var page in new[] { alice, bob })
        {
            await page.WaitUntilAsync("document.querySelectorAll('#messages li').length === 5", "document.getElementById('messages').innerHTML");
        }

        var aliceSaw = (await alice.TextsAsync("#messages li")).Skip(1).ToArray();
        var bobSaw = (await bob.TextsAsync("#messages li")).Skip(1).ToArray();
        Assert.Equal(aliceSaw, bobSaw);
        var said = aliceSaw.Select(line => Regex.Match(line, @"^\[\d\d:\d\d:\d\d\] Guest(\d+): (.*)$")).ToArray();
        Assert.All(said, match => Assert.True(match.Success, match.Value));

        // Each sender's lines carry its port and keep its sending order.
        string[] Of(string port) => said.Where(match => match.Groups[1].Value == port).Select(match => match.Groups[2].Value).ToArray();
        Assert.Equal(["hi bob", "how are you?"], Of(alicePort));
        Assert.Equal(["hi alice", "fine"], Of(bobPort));
    }

    private static string GreetedPort(string greeting) => Regex.Match(greeting, @"^Welcome, Guest(\d+)$") is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"not a greeting: '{greeting}'");
}
