using System.Diagnostics;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// An error page whose template fails is answered like any error an error page raises in
/// Tremolo: with the new error's own status and text (a runaway template: 500; request.form
/// on a GET: 400 invalid Content-Type), never a connection dropped without an answer.
/// </summary>
public sealed class Issue3_FailingErrorPages : IAsyncLifetime
{
    private const string Yaml = """
        server:
          app_handler_timeout: 60
        errors:
          404:
            template: "{{ while true }}{{ end }}"
          403:
            content_type: text/plain
            template: "form says {{ request.form.a }}"
        routes:
          - path: /members
            error: 403
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
}
