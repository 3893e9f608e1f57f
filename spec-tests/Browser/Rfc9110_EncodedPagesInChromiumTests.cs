using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// Issue 12 item 5, in a real browser: with `encode` on, Chromium gets a page compressed on the
/// fly with br and with gzip, a stylesheet from its precompressed sibling, and an event
/// stream compressed as it goes, and renders them all as the originals.
/// </summary>
public sealed class Rfc9110_EncodedPagesInChromiumTests
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 400).Select(i => $"word{i} "));

    private static readonly string Page = $$"""
        <!doctype html>
        <html><head><title>encoded</title><link rel="stylesheet" href="/static/app.css"></head>
        <body><p id="text">{{Text}}</p><ul id="events"></ul>
        <script>
          const source = new EventSource('/events');
          source.onmessage = e => { const li = document.createElement('li'); li.textContent = e.data; document.getElementById('events').append(li); };
        </script>
        </body></html>
        """;

    private const string Yaml = """
        server:
          encode: [br, gzip]
        routes:
          - path: /br
            encode: [br]
            file: page.html
          - path: /gzip
            encode: [gzip]
            file: page.html
          - path: ^/static/(?P<path>.*)$
            directory: static
          - path: /events
            sse:
              events:
                - {data: first event}
                - {data: second event}
              channel: quiet
        """;

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task CompressedPageRendersInChromium(string coding)
    {
        await using var app = await TestApp.StartAsync(Yaml, new Dictionary<string, string>
        {
            ["page.html"] = Page,
            // Served only to a client that cannot take br: the browser must not see it.
            ["static/app.css"] = "#text { color: rgb(255, 0, 0); }\n",
        });
        await File.WriteAllBytesAsync(Path.Combine(app.Folder, "static", "app.css.br"), Brotli("#text { color: rgb(0, 128, 0); }\n"));
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = await CdpPage.OpenAsync(chromium.Connection, $"http://127.0.0.1:{app.Port}/{coding}");

        Assert.Equal(Text, (await page.EvaluateAsync("document.getElementById('text').textContent")).GetString());
        await page.WaitUntilAsync("getComputedStyle(document.getElementById('text')).color === 'rgb(0, 128, 0)'", "getComputedStyle(document.getElementById('text')).color");
        await page.WaitUntilAsync("document.querySelectorAll('#events li').length === 2", "document.getElementById('events').innerHTML");
        Assert.Equal(["first event", "second event"], await page.TextsAsync("#events li"));

        // The page crossed the wire compressed (fewer bytes than it decoded to).
        var sizes = await page.EvaluateAsync("(e => [e.encodedBodySize, e.decodedBodySize])(performance.getEntriesByType('navigation')[0])");
        Assert.True(sizes[0].GetInt32() < sizes[1].GetInt32() / 2, sizes.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(Page), sizes[1].GetInt32());
    }

    private static byte[] Brotli(string text)
    {
        using var buffer = new MemoryStream();
        using (var encoder = new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            encoder.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
