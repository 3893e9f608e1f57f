using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `reload` and SPEC section 7: a change of the YAML or a file it names is
/// loaded and validated; a valid app serves new requests while running ones carry on; an
/// invalid one leaves the old app serving and every error is logged with FILE:LINE:COL.
/// </summary>
public sealed class Configuration_Reload
{
    private static string App(string body, string extra = "") =>
        $"server:\n  reload: true\n{extra}routes:\n  - {{path: /, body: {body}}}\n";

    [Fact]
    public async Task ChangedBodyIsServed()
    {
        await using var app = await TestApp.StartAsync(App("one"));
        Assert.Equal("one", TestApp.BodyOf(await app.GetAsync("/")));

        app.Write("tremolo.yaml", App("two"));

        Assert.Equal("two", await AnswerBecomesAsync(app, "/", "two"));
        await app.WaitForLogAsync(log => log.Contains($"tremolo: INFO: reload: now serving {app.YamlPath}\n"));
    }

    [Fact]
    public async Task InvalidYamlKeepsTheOldAppAndLogsEveryErrorPosition()
    {
        await using var app = await TestApp.StartAsync(App("one"));
        var path = app.YamlPath;

        app.Write("tremolo.yaml", "server:\n  port: abc\nrout: []\n");
        await app.WaitForLogAsync(log => log.Contains("did you mean 'routes'"));

        Assert.Contains($"tremolo: ERROR: reload: {path} is invalid; still serving the previous app\n", app.Log);
        Assert.Contains($"tremolo: ERROR: {path}:2:9: 'abc' is not a port\n", app.Log);
        Assert.Contains($"tremolo: ERROR: {path}:3:1: unknown key 'rout'; did you mean 'routes'?\n", app.Log);
        Assert.Equal("one", TestApp.BodyOf(await app.GetAsync("/")));

        // Fixed again: the next valid save is picked up.
        app.Write("tremolo.yaml", App("three"));
        Assert.Equal("three", await AnswerBecomesAsync(app, "/", "three"));
    }

    [Fact]
    public async Task ATemplateFileItNamesIsWatched()
    {
        const string yaml = "server: {reload: true}\nroutes:\n  - {path: /, template_file: page.html}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string> { ["page.html"] = "first {{ request.method }}" });
        Assert.Equal("first GET", TestApp.BodyOf(await app.GetAsync("/")));

        app.Write("page.html", "second {{ request.method }}");

        Assert.Equal("second GET", await AnswerBecomesAsync(app, "/", "second GET"));
    }

    [Fact]
    public async Task AnIncludedYamlIsWatched()
    {
        const string yaml = "server: {reload: true}\nmount:\n  - {prefix: /sub, include: sub/sub.yaml}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string> { ["sub/sub.yaml"] = "routes:\n  - {path: /x, body: old}\n" });
        Assert.Equal("old", TestApp.BodyOf(await app.GetAsync("/sub/x")));

        app.Write("sub/sub.yaml", "routes:\n  - {path: /x, body: new}\n");

        Assert.Equal("new", await AnswerBecomesAsync(app, "/sub/x", "new"));
    }

    [Fact]
    public async Task ABrokenTemplateFileIsReportedAtItsPosition()
    {
        const string yaml = "server: {reload: true}\nroutes:\n  - {path: /, template_file: page.html}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string> { ["page.html"] = "fine" });

        app.Write("page.html", "line one\n{{ if }}\n");
        await app.WaitForLogAsync(log => log.Contains("invalid template"));

        Assert.Matches(@"tremolo: ERROR: .*page\.html:2:\d+: invalid template: ", app.Log);
        Assert.Equal("fine", TestApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public async Task AResponseInFlightFinishesWithTheAppItStartedWith()
    {
        // 30000 bytes at 10000 bytes/s: the first 10000 at once, the rest over two seconds.
        var yaml = App("one") + $"  - {{path: /slow, rate: 10000, body: {new string('a', 30000)}}}\n";
        await using var app = await TestApp.StartAsync(yaml);
        var slow = app.GetAsync("/slow");
        await Task.Delay(300);

        app.Write("tremolo.yaml", App("two") + $"  - {{path: /slow, body: {new string('b', 30000)}}}\n");
        Assert.Equal("two", await AnswerBecomesAsync(app, "/", "two"));

        var body = TestApp.BodyOf(await slow);
        Assert.Equal(new string('a', 30000), body);
        Assert.Equal(new string('b', 30000), TestApp.BodyOf(await app.GetAsync("/slow")));
    }

    [Fact]
    public async Task AnOpenWebSocketKeepsItsRoute()
    {
        static string Yaml(string version) => $"server: {{reload: true}}\nroutes:\n  - path: /ws\n    websocket: {{format: \"{version} {{{{ message }}}}\"}}\n";
        await using var app = await TestApp.StartAsync(Yaml("v1"));
        using var open = await ConnectAsync(app);
        Assert.Equal("v1 a", await EchoAsync(open, "a"));

        app.Write("tremolo.yaml", Yaml("v2"));
        await app.WaitForLogAsync(log => log.Contains("reload: now serving"));

        Assert.Equal("v1 b", await EchoAsync(open, "b"));
        using var fresh = await ConnectAsync(app);
        Assert.Equal("v2 c", await EchoAsync(fresh, "c"));
    }

    [Fact]
    public async Task ListenerOptionsNeedARestart()
    {
        await using var app = await TestApp.StartAsync(App("one"));

        app.Write("tremolo.yaml", App("two", "  request_timeout: 5\n"));

        Assert.Equal("two", await AnswerBecomesAsync(app, "/", "two"));
        Assert.Contains("tremolo: WARNING: reload: listener addresses or server options changed; they take effect after a restart\n", app.Log);
    }

    [Fact]
    public async Task TheReloadFlagTurnsItOn()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - {path: /, body: one}\n", flags: ["--reload"]);

        app.Write("tremolo.yaml", "routes:\n  - {path: /, body: two}\n");

        Assert.Equal("two", await AnswerBecomesAsync(app, "/", "two"));
    }

    [Fact]
    public async Task ServeReloadsWithItsFlags()
    {
        using var folder = new AppFolder("routes:\n  - {path: /, template: \"one {{ request.method }}\"}\n");
        using var serve = new ServeProcess(folder.YamlPath, "--reload", "--server-name", "Flagged");
        var port = await serve.PortAsync();

        folder.Write("tremolo.yaml", "routes:\n  - {path: /, template: \"two {{ request.method }}\"}\n");

        var watch = Stopwatch.StartNew();
        string response;
        do
        {
            await Task.Delay(100);
            response = await GetAsync(port);
        }
        while (!response.EndsWith("two GET", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10));

        Assert.EndsWith("two GET", response);
        // The flags given at start still apply (same port, same server name), so no restart warning.
        Assert.Contains("\r\nServer: Flagged\r\n", response);
        Assert.DoesNotContain("restart", serve.Output);
    }

    [Fact]
    public async Task WithoutReloadChangesAreIgnored()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - {path: /, body: one}\n");

        app.Write("tremolo.yaml", "routes:\n  - {path: /, body: two}\n");
        await Task.Delay(1000);

        Assert.Equal("one", TestApp.BodyOf(await app.GetAsync("/")));
        Assert.DoesNotContain("reload", app.Log);
    }

    /// <summary>Polls until the body is <paramref name="expected"/> (a reload is debounced and asynchronous).</summary>
    private static async Task<string> AnswerBecomesAsync(TestApp app, string path, string expected)
    {
        var watch = Stopwatch.StartNew();
        string body;
        do
        {
            await Task.Delay(100);
            body = TestApp.BodyOf(await app.GetAsync(path));
        }
        while (body != expected && watch.Elapsed < TimeSpan.FromSeconds(10));

        return body;
    }

    private static async Task<string> GetAsync(int port)
    {
        using var client = await Support.RawHttpClient.ConnectAsync(port);
        await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
        return await client.ReadToCloseAsync();
    }

    private static async Task<ClientWebSocket> ConnectAsync(TestApp app)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{app.Port}/ws"), CancellationToken.None);
        return socket;
    }

    private static async Task<string> EchoAsync(ClientWebSocket socket, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
