using System.Diagnostics;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// Issue 3 item 5: a template that loops forever or renders too much is stopped with a 500
/// long before app_handler_timeout, and the server goes on serving other connections.
/// </summary>
public sealed class Issue3_TemplateLimitsOverTheWire : IAsyncLifetime
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private const string Yaml = """
        server:
          app_handler_timeout: 60
        middleware:
          request:
            - when: "if request.path == '/rule-forever'; while true; end; end"
              body: never
        routes:
          - path: /ok
            content_type: text/plain
            body: ok
          - path: /forever
            template: "{{ while true }}{{ end }}"
          - path: /huge
            content_type: text/plain
            template: "{{ for i in 1..5000 }}{{ 'y' * 1000 }}{{ end }}"
          - path: /huge-string
            content_type: text/plain
            template: "{{ 'x' * 2000000 }}"
          - path: /header-forever
            headers: {X-Loop: "{{ while true }}{{ end }}"}
            body: never
          - path: /ws-forever
            websocket: {mode: echo, format: "{{ message }}{{ while true }}{{ end }}"}
          - path: /events
            sse:
              events:
                - {data: "first"}
                - {data: "{{ while true }}{{ end }}"}
          - path: /ws-echo
            websocket: {mode: echo, format: "echo {{ message }}"}
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Theory]
    [InlineData("/forever")]
    [InlineData("/huge")]
    [InlineData("/huge-string")]
    [InlineData("/header-forever")]
    [InlineData("/rule-forever")]
    public async Task RunawayTemplateAnswers500AndTheServerServesOn(string path)
    {
        using var bystander = await WireConnection.OpenAsync(App);
        Assert.Equal("ok", (await bystander.RequestAsync("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);

        using var runaway = await WireConnection.OpenAsync(App);
        var watch = Stopwatch.StartNew();
        var response = await runaway.RequestAsync($"GET {path} HTTP/1.1\r\nHost: h\r\n\r\n");
        watch.Stop();

        Assert.Equal(("HTTP/1.1 500 Internal Server Error", "close"), (response.StatusLine, response.Header("Connection")));
        Assert.Equal("Internal Server Error", response.Body);
        Assert.True(watch.Elapsed < Prompt, $"took {watch.Elapsed}");
        Assert.Equal("", await runaway.Reader.ReadToCloseAsync());
        Assert.Contains($"{path}: template: ", App.Log);

        Assert.Equal("ok", (await bystander.RequestAsync("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);
        Assert.Equal("ok", (await WireConnection.RequestAsync(App, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);
    }

    [Fact]
    public async Task RunawayWebSocketFormatEndsThatConnectionOnly()
    {
        using var bystander = await WireConnection.OpenAsync(App);
        await bystander.UpgradeAsync("/ws-echo");

        using var runaway = await WireConnection.OpenAsync(App);
        await runaway.UpgradeAsync("/ws-forever");
        var watch = Stopwatch.StartNew();
        await runaway.SendTextAsync("go");

        // Close 1011 (RFC 6455 7.4.1; Tremolo drops the socket without a close frame: docs/deviations.md).
        Assert.Equal("\u0088\u0002\u0003\u00f3", await runaway.Reader.ReadToCloseAsync(Prompt));
        Assert.True(runaway.Client.Eof && watch.Elapsed < Prompt, $"eof={runaway.Client.Eof} after {watch.Elapsed}");
        // The host logs a failed connection after closing it: the line may come a little later.
        await App.WaitForLogAsync(log => log.Contains("TemplateLimitException", StringComparison.Ordinal), Prompt);
        await bystander.SendTextAsync("still here");
        Assert.Equal("echo still here", await bystander.ReadTextAsync());
        Assert.Equal("ok", (await WireConnection.RequestAsync(App, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);
    }

    [Fact]
    public async Task RunawayEventDataCutsTheStreamShort()
    {
        using var connection = await WireConnection.OpenAsync(App);
        await connection.SendAsync("GET /events HTTP/1.1\r\nHost: h\r\n\r\n");
        var received = await connection.Reader.ReadToCloseAsync(Prompt);

        // The head went out before the second event: the stream ends without its last chunk.
        Assert.True(connection.Client.Eof);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", received);
        Assert.EndsWith("\r\n\r\nD\r\ndata: first\n\n\r\n", received);
        Assert.Contains("/events: template: ", App.Log);
    }
}
