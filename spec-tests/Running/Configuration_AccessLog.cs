using System.Text.Json;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `access_log`, `log_format` and running.md "Logging": one Common Log Format
/// line (plus the duration) per answer, a session's line at its end with its message counts,
/// JSON objects when asked, 4xx answers logged as Tremolo's print_exception, DEBUG connection lines.
/// </summary>
public sealed partial class Configuration_AccessLog
{
    private const string Routes =
        "routes:\n  - {path: /, body: hello}\n  - path: /ws\n    websocket: {mode: echo}\n";

    [Fact]
    public async Task EachAnswerLeavesOneCommonLogFormatLine()
    {
        await using var app = await TestApp.StartAsync("server: {access_log: true}\n" + Routes);

        await app.GetAsync("/?x=1");
        await app.GetAsync("/missing");

        await app.WaitForLogAsync(log => log.Contains("\"GET /missing HTTP/1.0\""));
        var lines = AccessLines(app.Log);
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] ""GET /\?x=1 HTTP/1\.0"" 200 \d+ \d+\.\d{6}$", lines[0]);
        Assert.Matches(@" ""GET /missing HTTP/1\.0"" 404 \d+ \d+\.\d{6}$", lines[1]);
    }

    [Fact]
    public async Task AnAnswerBelow500IsLoggedAtInfoAsTremoloDoes()
    {
        await using var app = await TestApp.StartAsync(Routes);

        await app.GetAsync("/missing");

        await app.WaitForLogAsync(log => log.Contains("tremolo: INFO: /missing: NotFound: Not Found\n"));
        Assert.Empty(AccessLines(app.Log));
    }

    [Fact]
    public async Task AWebSocketSessionIsLoggedAtItsEndWithItsMessages()
    {
        await using var app = await TestApp.StartAsync("server: {access_log: true}\n" + Routes);

        using (var client = await WsTestClient.ConnectAsync(app.Port, "/ws"))
        {
            await client.SendTextAsync("one");
            await client.ReceiveTextAsync();
            await client.SendTextAsync("two");
            await client.ReceiveTextAsync();
            await client.SendCloseAsync(1000);
            await client.WaitForEndAsync(TimeSpan.FromSeconds(10));
        }

        await app.WaitForLogAsync(log => log.Contains("\"GET /ws HTTP/1.1\""));
        Assert.Matches(@" ""GET /ws HTTP/1\.1"" 101 \d+ \d+\.\d{6} messages_in=2 messages_out=2$", Assert.Single(AccessLines(app.Log)));
    }

    [Fact]
    public async Task JsonPutsEveryRecordOnOneLineWithItsFields()
    {
        await using var app = await TestApp.StartAsync("server: {access_log: true, log_format: json}\n" + Routes);

        await app.GetAsync("/missing");

        await app.WaitForLogAsync(log => log.Contains("\"status\":404,\"bytes\""));
        var records = app.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(records, r => Assert.True(r.TryGetProperty("time", out _) && r.TryGetProperty("level", out _) && r.TryGetProperty("message", out _)));
        Assert.Contains(records, r => r.GetProperty("message").GetString()!.EndsWith("is listening on http://127.0.0.1:" + app.Port + "/"));
        var notFound = Assert.Single(records, r => r.TryGetProperty("exception", out _));
        Assert.Equal(("INFO", "/missing: NotFound: Not Found", "/missing"), (notFound.GetProperty("level").GetString(), notFound.GetProperty("message").GetString(), notFound.GetProperty("path").GetString()));
        var access = Assert.Single(records, r => r.TryGetProperty("bytes", out _));
        Assert.Equal(("GET", "/missing", 404), (access.GetProperty("method").GetString(), access.GetProperty("target").GetString(), access.GetProperty("status").GetInt32()));
        Assert.True(access.GetProperty("duration").GetDouble() >= 0);
    }

    [Fact]
    public async Task APathAppendsToThatFile()
    {
        await using var app = await TestApp.StartAsync("server: {access_log: logs/access.log}\n" + Routes, new Dictionary<string, string> { ["logs/.keep"] = "" });

        await app.GetAsync("/");

        var path = Path.Combine(app.Folder, "logs", "access.log");
        await app.WaitForLogAsync(_ => File.Exists(path) && ReadShared(path).Contains("\"GET / HTTP/1.0\" 200 "));
        Assert.Empty(AccessLines(app.Log));
    }

    [Fact]
    public async Task DebugAddsConnectionLines()
    {
        await using var app = await TestApp.StartAsync("server: {log_level: DEBUG}\n" + Routes);

        await app.GetAsync("/");

        await app.WaitForLogAsync(log => log.Contains("DEBUG: connection closed: 127.0.0.1:"));
        Assert.Contains("DEBUG: connection open: 127.0.0.1:", app.Log);
        Assert.DoesNotContain("DEBUG: connection upgraded:", app.Log);

        using (var ws = await WsTestClient.ConnectAsync(app.Port, "/ws"))
        {
            await app.WaitForLogAsync(log => log.Contains("DEBUG: connection upgraded: 127.0.0.1:"));
        }

        Assert.Matches(@"DEBUG: connection upgraded: 127\.0\.0\.1:\d+ /ws \(WebSocket\)", app.Log);
    }

    [Fact]
    public async Task RecordsGoToStderrAndTheListeningLineToStdout()
    {
        using var server = ServeProcess.Of("server: {access_log: true}\n" + Routes);
        var port = await server.PortAsync();
        using (var client = await Support.RawHttpClient.ConnectAsync(port))
        {
            await client.SendAsync("GET /missing HTTP/1.0\r\n\r\n");
            await client.ReadToCloseAsync(TimeSpan.FromSeconds(10));
        }

        await server.SignalAsync("TERM");
        Assert.Equal(0, await server.ExitCodeAsync(TimeSpan.FromSeconds(30)));
        Assert.Matches(@"^\[[^\]]+\] Tremolo is listening on http://127\.0\.0\.1:\d+/\n\[[^\]]+\] Shutting down\n$", server.Stdout);
        Assert.Contains("tremolo: INFO: /missing: NotFound: Not Found\n", server.Stderr);
        Assert.Contains("\"GET /missing HTTP/1.0\" 404 ", server.Stderr);
    }

    private static List<string> AccessLines(string log) => [.. log.Split('\n').Where(line => AccessLine().IsMatch(line))];

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"^\S+ - - \[")]
    private static partial Regex AccessLine();
}
