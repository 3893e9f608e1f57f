using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// docs/cookbook.md: every recipe's YAML block, taken from the page as printed, is served
/// and exercised over real sockets, so the page cannot rot. A recipe without a test here,
/// or a block this test does not know, fails <see cref="EveryRecipeIsExercised"/>.
/// </summary>
public sealed partial class Cookbook_Recipes
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["chat.html"] = "<p>chat</p>",
        ["public/index.html"] = "<a href=\"style.css\">style</a>",
        ["public/style.css"] = "p {}",
        ["files/report.pdf"] = new string('%', 1000),
    };

    private static readonly string[] Exercised =
    [
        "A JSON API", "A bearer token on everything under /api", "CORS, with the preflight", "Redirects",
        "A custom 404 (and 500)", "A chat room", "An SSE ticker fed by a publish route", "A static site with downloads",
    ];

    [GeneratedRegex(@"^## (?<title>.+?)\n(?:(?!^## ).)*?^```yaml\n(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex RecipeBlock();

    private static Dictionary<string, string> Recipes()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "cookbook.md")).ReplaceLineEndings("\n");
        return RecipeBlock().Matches(page).ToDictionary(m => m.Groups["title"].Value, m => m.Groups["yaml"].Value);
    }

    private static Task<TestApp> Serve(string title) => TestApp.StartAsync(Recipes()[title], Files);

    private static string Get(string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: h\r\n{headers}\r\n";

    [Fact]
    public void EveryRecipeIsExercised() => Assert.Equal(Exercised, Recipes().Keys);

    [Fact]
    public async Task JsonApi()
    {
        await using var app = await Serve("A JSON API");
        var list = await WireConnection.RequestAsync(app, Get("/api/items?q=a%22b%3C"));
        Assert.Equal("application/json", list.Header("Content-Type"));
        using (var json = System.Text.Json.JsonDocument.Parse(list.Body))
        {
            Assert.Equal("a\"b<", json.RootElement.GetProperty("q").GetString());
        }

        var created = await WireConnection.RequestAsync(app, "POST /api/items HTTP/1.1\r\nHost: h\r\nContent-Length: 8\r\n\r\nnew item");
        Assert.Equal(("HTTP/1.1 201 Created", "/api/items/1", "application/json", "{\"created\": \"new item\"}"),
            (created.StatusLine, created.Header("Location"), created.Header("Content-Type"), created.Body));
        var one = await WireConnection.RequestAsync(app, Get("/api/items/7"));
        Assert.Equal("{\"id\": 7, \"name\": \"item 7\"}", one.Body);
    }

    [Fact]
    public async Task BearerToken()
    {
        await using var app = await Serve("A bearer token on everything under /api");
        using var connection = await WireConnection.OpenAsync(app);
        var refused = await connection.RequestAsync(Get("/api/me"));
        Assert.Equal(("HTTP/1.1 401 Unauthorized", "Bearer", "{\"error\": \"unauthorized\"}"), (refused.StatusLine, refused.Header("WWW-Authenticate"), refused.Body));
        var wrong = await connection.RequestAsync(Get("/api/me", "Authorization: Bearer nope\r\n"));
        Assert.Equal(401, wrong.Status);
        var allowed = await connection.RequestAsync(Get("/api/me", "Authorization: Bearer s3cret\r\n"));
        Assert.Equal("{\"me\": \"ok\"}", allowed.Body);
        var open = await connection.RequestAsync(Get("/"));
        Assert.Equal("public", open.Body);
    }

    [Fact]
    public async Task Cors()
    {
        await using var app = await Serve("CORS, with the preflight");
        var preflight = await WireConnection.RequestAsync(app,
            "OPTIONS /api/data HTTP/1.1\r\nHost: h\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: POST\r\n\r\n");
        Assert.Equal(("HTTP/1.1 204 No Content", "https://app.example", "GET, POST, DELETE", "600"),
            (preflight.StatusLine, preflight.Header("Access-Control-Allow-Origin"), preflight.Header("Access-Control-Allow-Methods"), preflight.Header("Access-Control-Max-Age")));
        var read = await WireConnection.RequestAsync(app, Get("/api/data", "Origin: https://app.example\r\n"));
        Assert.Equal(("{\"data\": 1}", "https://app.example", "Origin"), (read.Body, read.Header("Access-Control-Allow-Origin"), read.Header("Vary")));
        var noOrigin = await WireConnection.RequestAsync(app, Get("/api/data"));
        Assert.Equal("*", noOrigin.Header("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/old", "HTTP/1.1 302 Found", "/new")]
    [InlineData("/moved", "HTTP/1.1 301 Moved Permanently", "/new")]
    [InlineData("/go?to=/new", "HTTP/1.1 302 Found", "/new")]
    [InlineData("/go", "HTTP/1.1 302 Found", "/")]
    [InlineData("/find?q=a%20b%26c", "HTTP/1.1 302 Found", "/new?q=a%20b%26c")]
    public async Task Redirects(string target, string status, string location)
    {
        await using var app = await Serve("Redirects");
        var response = await WireConnection.RequestAsync(app, Get(target));
        Assert.Equal((status, location), (response.StatusLine, response.Header("Location")));
    }

    [Fact]
    public async Task Custom404And500()
    {
        await using var app = await Serve("A custom 404 (and 500)");
        var missing = await WireConnection.RequestAsync(app, Get("/nowhere%3Cb%3E"));
        Assert.Equal("HTTP/1.1 404 Not Found", missing.StatusLine);
        Assert.Contains("<h1>Nothing at /nowhere%3Cb%3E</h1>", missing.Body);
        var unescaped = await WireConnection.RequestAsync(app, Get("/x<b>"));
        Assert.Contains("<h1>Nothing at /x&lt;b&gt;</h1>", unescaped.Body);
        var forbidden = await WireConnection.RequestAsync(app, Get("/private"));
        Assert.Equal(("HTTP/1.1 403 Forbidden", "text/html; charset=utf-8", "<h1>403 Forbidden</h1>"), (forbidden.StatusLine, forbidden.Header("Content-Type"), forbidden.Body));
    }

    [Fact]
    public async Task ChatRoom()
    {
        await using var app = await Serve("A chat room");
        var page = await WireConnection.RequestAsync(app, Get("/chat"));
        Assert.Equal("<p>chat</p>", page.Body);

        using var feed = await app.ConnectAsync();
        await feed.SendAsync(Get("/chat/feed"));
        Assert.Contains("text/event-stream", await ReadUntilAsync(feed, "\r\n\r\n"));

        using var alice = await WireConnection.OpenAsync(app);
        await alice.UpgradeAsync("/chat");
        Assert.Equal($"Welcome, Guest{alice.LocalPort}", await alice.ReadTextAsync());
        Assert.Equal($"Guest{alice.LocalPort} joined (1 online)", await alice.ReadTextAsync());
        await alice.SendTextAsync("hello");
        var said = $"Guest{alice.LocalPort}: hello";
        Assert.Matches($@"^\[\d\d:\d\d:\d\d\] {said}$", await alice.ReadTextAsync());
        Assert.Contains(said, await ReadUntilAsync(feed, said));

        using var bob = await WireConnection.OpenAsync(app);
        await bob.UpgradeAsync("/chat");
        Assert.Equal($"Welcome, Guest{bob.LocalPort}", await bob.ReadTextAsync());
        Assert.EndsWith(said, await bob.ReadTextAsync()); // then the history
        Assert.Equal($"Guest{bob.LocalPort} joined (2 online)", await bob.ReadTextAsync());
        Assert.Equal($"Guest{bob.LocalPort} joined (2 online)", await alice.ReadTextAsync());

        bob.Dispose();
        Assert.Equal($"Guest{bob.LocalPort} left (1 online)", await alice.ReadTextAsync());
    }

    [Fact]
    public async Task SseTickerFedByAPublishRoute()
    {
        await using var app = await Serve("An SSE ticker fed by a publish route");
        using var feed = await app.ConnectAsync();
        await feed.SendAsync(Get("/ticker"));
        Assert.Contains("event: hello", await ReadUntilAsync(feed, "data: ticker open\nevent: hello\n\n"));

        const string form = "symbol=ACME&price=12.50";
        string Post(string headers) =>
            $"POST /ticker/publish HTTP/1.1\r\nHost: h\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\n\r\n{form}";
        var refused = await WireConnection.RequestAsync(app, Post(""));
        Assert.Equal(("HTTP/1.1 403 Forbidden", "forbidden\n"), (refused.StatusLine, refused.Body));
        var accepted = await WireConnection.RequestAsync(app, Post("X-Token: s3cret\r\n"));
        Assert.Equal(("HTTP/1.1 202 Accepted", ""), (accepted.StatusLine, accepted.Body));

        // Only the accepted post reached the feed.
        var events = await ReadUntilAsync(feed, "data: ACME 12.50\n\n");
        Assert.Single(Regex.Matches(events, "data: ACME"));
    }

    [Fact]
    public async Task StaticSiteWithDownloads()
    {
        await using var app = await Serve("A static site with downloads");
        var bare = await WireConnection.RequestAsync(app, Get("/docs"));
        Assert.Equal(("HTTP/1.1 301 Moved Permanently", "/docs/"), (bare.StatusLine, bare.Header("Location")));
        var index = await WireConnection.RequestAsync(app, Get("/docs/"));
        Assert.Equal("<a href=\"style.css\">style</a>", index.Body);
        var css = await WireConnection.RequestAsync(app, Get("/docs/style.css"));
        Assert.Equal("p {}", css.Body);
        var download = await WireConnection.RequestAsync(app, Get("/download/report.pdf"));
        Assert.Equal(("application/pdf", "attachment; filename=\"report.pdf\"", 1000), (download.Header("Content-Type"), download.Header("Content-Disposition"), download.BodyBytes.Length));
        var part = await WireConnection.RequestAsync(app, Get("/download/report.pdf", "Range: bytes=0-99\r\n"));
        Assert.Equal(("HTTP/1.1 206 Partial Content", 100), (part.StatusLine, part.BodyBytes.Length));
        var home = await WireConnection.RequestAsync(app, Get("/"));
        Assert.Equal("/docs/", home.Header("Location"));
    }

    /// <summary>Reads a stream that does not end (SSE) until <paramref name="expected"/> has come.</summary>
    private static async Task<string> ReadUntilAsync(RawHttpClient client, string expected)
    {
        var text = new StringBuilder();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!text.ToString().Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline && !client.Eof)
        {
            text.Append(Encoding.UTF8.GetString(await client.ReadAsync(ReadUntil.Bytes, count: 1, timeout: TimeSpan.FromSeconds(1))));
        }

        return text.ToString();
    }
}
