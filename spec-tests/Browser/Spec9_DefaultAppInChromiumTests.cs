using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSocketEndToEnd;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// SPEC 9 and issue 5.4, in a real browser: a person opens the default app (the repo's
/// tremolo.yaml), types a message, clicks Send and sees `[HH:MM:SS] Guest&lt;port&gt;: message`
/// (apps/chat in a browser: <see cref="Readme_ChatAppInChromiumTests"/>).
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
}
