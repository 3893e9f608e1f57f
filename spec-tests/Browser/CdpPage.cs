using System.Diagnostics;
using System.Text.Json;

namespace Tremolo.SpecTests.Browser;

/// <summary>One browser tab driven over the DevTools protocol: navigate, evaluate, type, click, screenshot.</summary>
public sealed class CdpPage
{
    private readonly CdpConnection _browser;
    private readonly string _sessionId;
    private readonly string _targetId;

    private CdpPage(CdpConnection browser, string sessionId, string targetId)
    {
        _browser = browser;
        _sessionId = sessionId;
        _targetId = targetId;
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and waits until its document has loaded.</summary>
    public static async Task<CdpPage> OpenAsync(CdpConnection browser, string url)
    {
        var target = await browser.SendAsync("Target.createTarget", new { url = "about:blank" });
        var targetId = target.GetProperty("targetId").GetString()!;
        var attached = await browser.SendAsync("Target.attachToTarget", new { targetId, flatten = true });
        var page = new CdpPage(browser, attached.GetProperty("sessionId").GetString()!, targetId);
        await page.SendAsync("Page.navigate", new { url });
        await page.WaitUntilAsync($"location.href === {JsonSerializer.Serialize(url)} && document.readyState === 'complete'");
        return page;
    }

    /// <summary>The value of a JavaScript expression (promises awaited), as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result.TryGetProperty("exceptionDetails", out var failure))
        {
            throw new InvalidOperationException($"{expression}: {failure}");
        }

        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var json) ? json : default;
    }

    /// <summary>Polls until the expression is true; fails with <paramref name="describe"/>'s value if it never is.</summary>
    public async Task WaitUntilAsync(string condition, string? describe = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((await EvaluateAsync($"!!({condition})")).GetBoolean())
            {
                return;
            }

            if (clock.Elapsed > (timeout ?? CdpConnection.DefaultTimeout))
            {
                var state = describe is null ? "" : $"; {describe} = {await EvaluateAsync(describe)}";
                throw new TimeoutException($"never true: {condition}{state}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Brings the tab to the front, focuses the element and inserts the text as typed input.</summary>
    public async Task TypeAsync(string selector, string text)
    {
        // A background tab renders (and so takes input) only now and then.
        await SendAsync("Page.bringToFront", new { });
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).focus()");
        await SendAsync("Input.insertText", new { text });
    }

    /// <summary>A real left click (press and release) at the middle of the element.</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync(
            $"(() => {{ const r = document.querySelector({JsonSerializer.Serialize(selector)}).getBoundingClientRect(); return {{ x: r.x + r.width / 2, y: r.y + r.height / 2 }}; }})()");
        var x = box.GetProperty("x").GetDouble();
        var y = box.GetProperty("y").GetDouble();
        foreach (var type in new[] { "mouseMoved", "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new { type, x, y, button = type == "mouseMoved" ? "none" : "left", clickCount = type == "mouseMoved" ? 0 : 1 });
        }
    }

    /// <summary>Presses and releases Enter in the focused element, as a person ending a line.</summary>
    public async Task PressEnterAsync()
    {
        await SendAsync("Page.bringToFront", new { });
        await SendAsync("Input.dispatchKeyEvent", new { type = "keyDown", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13, text = "\r" });
        await SendAsync("Input.dispatchKeyEvent", new { type = "keyUp", key = "Enter", code = "Enter", windowsVirtualKeyCode = 13 });
    }

    /// <summary>Sets the page's viewport, so screenshots have the size a person's window would.</summary>
    public Task SetViewportAsync(int width, int height) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });

    /// <summary>Reloads the page and waits until its document has loaded again.</summary>
    public async Task ReloadAsync()
    {
        await EvaluateAsync("window.__reloading = true");
        await SendAsync("Page.reload", new { });
        await WaitUntilAsync("!window.__reloading && document.readyState === 'complete'");
    }

    /// <summary>Closes the tab (its connections end as when a person closes it).</summary>
    public Task CloseAsync() => _browser.SendAsync("Target.closeTarget", new { targetId = _targetId });

    /// <summary>The texts of the elements matching the selector, in document order.</summary>
    public async Task<string[]> TextsAsync(string selector)
    {
        var texts = await EvaluateAsync($"[...document.querySelectorAll({JsonSerializer.Serialize(selector)})].map(e => e.textContent)");
        return texts.EnumerateArray().Select(text => text.GetString()!).ToArray();
    }

    /// <summary>A PNG of the tab, brought to the front first (a background tab renders no frame to capture).</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        await SendAsync("Page.bringToFront", new { });
        var shot = await SendAsync("Page.captureScreenshot", new { format = "png" });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private Task<JsonElement> SendAsync(string method, object parameters) => _browser.SendAsync(method, parameters, _sessionId);
}
