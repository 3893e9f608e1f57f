using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// Where Tremolo's request parsers raise, the answer is Tremolo's: request.form without a
/// form Content-Type is BadRequest('invalid Content-Type'); parse_qs past 100 fields is a
/// ValueError, i.e. a 500.
/// </summary>
public sealed class Tremolo_RequestDataErrors : IAsyncLifetime
{
    // An error answer clears the route's text/plain, as Tremolo's HTTPException does.
    private const string HtmlType = "text/html; charset=utf-8";

    private const string Yaml = """
        routes:
          - path: /form
            content_type: text/plain
            template: "a={{ request.form.a }}"
          - path: /query
            content_type: text/plain
            template: "a={{ query.a }}"
          - path: /ok
            body: ok
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Theory]
    [InlineData("GET /form HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\na=1")]
    public async Task FormWithoutAFormContentTypeIs400(string request)
    {
        var response = await WireConnection.RequestAsync(App, request);
        Assert.Equal(("HTTP/1.1 400 Bad Request", "close", "invalid Content-Type"), (response.StatusLine, response.Header("Connection"), response.Body));
        Assert.Equal(HtmlType, response.Header("Content-Type"));
    }

    [Fact]
    public async Task OverAHundredFormFieldsIs500()
    {
        var body = string.Join("&", Enumerable.Range(0, 101).Select(i => $"a={i}"));
        var response = await WireConnection.RequestAsync(App,
            $"POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        Assert.Equal(("HTTP/1.1 500 Internal Server Error", "Max number of fields exceeded"), (response.StatusLine, response.Body));
    }

    [Fact]
    public async Task AHundredQueryFieldsAreFine()
    {
        var query = string.Join("&", Enumerable.Range(0, 100).Select(i => $"a={i}"));
        var response = await WireConnection.RequestAsync(App, $"GET /query?{query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("a=0", response.Body);
    }

    [Fact]
    public async Task OverAHundredQueryFieldsIs500AndTheServerServesOn()
    {
        var query = string.Join("&", Enumerable.Range(0, 101).Select(i => $"a={i}"));
        var response = await WireConnection.RequestAsync(App, $"GET /query?{query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 500 Internal Server Error", "close", HtmlType), (response.StatusLine, response.Header("Connection"), response.Header("Content-Type")));
        Assert.Equal("Max number of fields exceeded", response.Body);
        Assert.Equal("ok", (await WireConnection.RequestAsync(App, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\n")).Body);
    }
}
