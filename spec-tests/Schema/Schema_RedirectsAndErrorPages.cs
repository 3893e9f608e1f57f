using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.Schema;

/// <summary>
/// docs/schema.md RESPONSE: a `redirect` whose location renders empty is a logged 500, never
/// an empty Location; an error page answers with the raised error's content type unless it
/// sets its own (apps/errors: the HTML 500 page of a text/plain 503 is text/html).
/// </summary>
public sealed class Schema_RedirectsAndErrorPages
{
    [Theory]
    [InlineData("/go")]
    [InlineData("/go?to=")]
    [InlineData("/go?to=%20")]
    public async Task RedirectRenderingEmpty_Is500AndALogLine(string target)
    {
        await using var app = await TestApp.StartAsync("routes:\n  - path: /go\n    redirect: \"{{ query.to }}\"\n");
        var response = await WireConnection.RequestAsync(app, $"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("HTTP/1.1 500 Internal Server Error", response.StatusLine);
        Assert.Null(response.Header("Location"));
        Assert.Contains("/go: template: redirect location \"{{ query.to }}\" rendered empty", app.Log);
    }

    [Fact]
    public async Task RedirectWithALocation_StillRedirects()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - path: /go\n    redirect: \"{{ query.to }}\"\n");
        var response = await WireConnection.RequestAsync(app, "GET /go?to=/here HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 302 Found", "/here"), (response.StatusLine, response.Header("Location")));
    }

    [Fact]
    public async Task StatusDecorationKeepsTheConnection_ErrorCloses()
    {
        // Tremolo: a handler (or middleware) that sets a 4xx status and returns a body is a
        // normal answer (keep-alive); an HTTPException is answered with keepalive=False.
        await using var app = await TestApp.StartAsync("""
            middleware:
              request:
                - when: "headers['authorization'] != 'Bearer t'"
                  status: 401
                  body: unauthorized
            routes:
              - {path: /ok, body: ok}
              - {path: /gone, error: 410}
            """);
        using var connection = await WireConnection.OpenAsync(app);
        var refused = await connection.RequestAsync("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 401 Unauthorized", "keep-alive"), (refused.StatusLine, refused.Header("Connection")));
        var served = await connection.RequestAsync("GET /ok HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", "ok"), (served.StatusLine, served.Body));
        var gone = await connection.RequestAsync("GET /gone HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n");
        Assert.Equal(("HTTP/1.1 410 Gone", "close"), (gone.StatusLine, gone.Header("Connection")));
    }

    [Fact]
    public async Task ErrorsApp_MaintenanceSendsItsHtmlPageAsHtml()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "apps", "errors", "tremolo.yaml"));
        await using var app = await TestApp.StartAsync(yaml);
        var response = await WireConnection.RequestAsync(app, "GET /maintenance HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("HTTP/1.1 503 Under Maintenance", response.StatusLine);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("<h1>503 Under Maintenance</h1><p>back soon</p>", response.Body);
    }

    [Fact]
    public async Task PageWithoutContentType_KeepsTheErrorsContentType()
    {
        // Tremolo's error_received sets the exception's content type before the page runs.
        await using var app = await TestApp.StartAsync("""
            errors:
              500: {template: "<b>{{ exc.code }}</b>"}
            routes:
              - {path: /t, error: {code: 418, content_type: text/plain, body: tea}}
            """);
        var response = await WireConnection.RequestAsync(app, "GET /t HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("text/plain", "<b>418</b>"), (response.Header("Content-Type"), response.Body));
    }
}
