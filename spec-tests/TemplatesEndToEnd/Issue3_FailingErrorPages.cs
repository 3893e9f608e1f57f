using System.Diagnostics;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// An error page whose template fails is answered like any error an error page raises in
/// Tremolo: with the new error's own status and text (a runaway template: 500; request.form
/// on a GET: 400 invalid Content-Type; a body over the limit: 413 or Tremolo's bare 400),
/// never a connection dropped without an answer.
/// </summary>
public sealed class Issue3_FailingErrorPages : IAsyncLifetime
{
    private const string Yaml = """
        server:
          app_handler_timeout: 60
          client_max_body_size: 1024
        errors:
          410:
            content_type: text/plain
            template: "gone, you sent {{ request.body | string.size }}"
          404:
            template: "{{ while true }}{{ end }}"
          403:
            content_type: text/plain
            template: "form says {{ request.form.a }}"
        routes:
          - path: /members
            error: 403
          - path: /gone
            error: 410
          - path: /ok
            body: ok
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Fact]
    public async Task RunawayErrorPageAnswers500()
    {
        using var connection = await WireConnection.OpenAsync(App);
        var watch = Stopwatch.StartNew();
        var response = await connection.RequestAsync("GET /nowhere HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(("HTTP/1.1 500 Internal Server Error", "close", "Internal Server Error"),
            (response.StatusLine, response.Header("Connection"), response.Body));
        Assert.Contains("/nowhere: template: ", App.Log);
        Assert.Equal("ok", (await WireConnection.RequestAsync(App, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);
    }

    [Fact]
    public async Task ErrorPageReadingAMissingFormAnswers400()
    {
        var response = await WireConnection.RequestAsync(App, "GET /members HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 400 Bad Request", "text/html; charset=utf-8", "invalid Content-Type"),
            (response.StatusLine, response.Header("Content-Type"), response.Body));
    }

    [Fact]
    public async Task ErrorPageReadsTheBody()
    {
        var response = await WireConnection.RequestAsync(App, "POST /gone HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde");
        Assert.Equal(("HTTP/1.1 410 Gone", "gone, you sent 5"), (response.StatusLine, response.Body));
    }

    [Fact]
    public async Task ErrorPageReadingABodyOverTheLimitAnswers413()
    {
        var response = await WireConnection.RequestAsync(App, "POST /gone HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\n\r\n");
        Assert.Equal(("HTTP/1.1 413 Payload Too Large", "Payload Too Large"), (response.StatusLine, response.Body));
    }

    [Fact]
    public async Task ErrorPageReadingAChunkedBodyOverTheLimitGetsTheBareRefusal()
    {
        using var connection = await WireConnection.OpenAsync(App);
        var response = await connection.RequestAsync(
            $"POST /gone HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n{new string('c', 2048)}\r\n0\r\n\r\n");
        Assert.Equal(("HTTP/1.0 400 Bad Request", "payload too large"), (response.StatusLine, response.Body));
        Assert.DoesNotContain("connection failed", App.Log);
    }
}
