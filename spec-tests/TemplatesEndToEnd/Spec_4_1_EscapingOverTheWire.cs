using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// SPEC 4.1: a `&lt;script&gt;` sent in a query parameter comes out escaped in an HTML
/// template (body, middleware answer, error page), unchanged in text/plain, in header values
/// and in a WebSocket format; `| raw` opts out.
/// </summary>
public sealed class Spec_4_1_EscapingOverTheWire : IAsyncLifetime
{
    private const string Query = "q=%3Cscript%3Ealert(%27x%27)%3C/script%3E";
    private const string Script = "<script>alert('x')</script>";
    private const string Escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;";

    private const string Yaml = """
        middleware:
          request:
            - when: "request.path == '/rule'"
              template: "<i>{{ query.q }}</i>"
        errors:
          404:
            template: "<h1>{{ query.q }}</h1>"
        routes:
          - path: /html
            headers: {X-Q: "{{ query.q }}"}
            template: "<p>{{ query.q }}</p><pre>{{ query.q | raw }}</pre>"
          - path: /plain
            content_type: text/plain
            template: "<p>{{ query.q }}</p>"
          - path: /ws
            websocket:
              mode: echo
              greeting: "{{ query.q }}"
              format: "{{ message }}|{{ query.q }}"
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Fact]
    public async Task HtmlTemplateEscapesAndRawOptsOut()
    {
        var response = await WireConnection.RequestAsync(App, $"GET /html?{Query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal($"<p>{Escaped}</p><pre>{Script}</pre>", response.Body);
    }

    [Fact]
    public async Task HeaderValuesAreNotEscaped()
    {
        var response = await WireConnection.RequestAsync(App, $"GET /html?{Query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(Script, response.Header("X-Q"));
    }

    [Fact]
    public async Task PlainTextTemplateIsUnchanged()
    {
        var response = await WireConnection.RequestAsync(App, $"GET /plain?{Query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal($"<p>{Script}</p>", response.Body);
    }

    [Fact]
    public async Task MiddlewareAnswerAndErrorPageEscapeToo()
    {
        var rule = await WireConnection.RequestAsync(App, $"GET /rule?{Query} HTTP/1.1\r\nHost: h\r\n\r\n");
        var page = await WireConnection.RequestAsync(App, $"GET /nowhere?{Query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal($"<i>{Escaped}</i>", rule.Body);
        Assert.Equal((404, $"<h1>{Escaped}</h1>"), (page.Status, page.Body));
    }

    [Fact]
    public async Task WebSocketGreetingAndFormatAreUnchanged()
    {
        using var connection = await WireConnection.OpenAsync(App);
        await connection.UpgradeAsync($"/ws?{Query}");
        Assert.Equal(Script, await connection.ReadTextAsync());
        await connection.SendTextAsync("<b>bold</b>");
        Assert.Equal($"<b>bold</b>|{Script}", await connection.ReadTextAsync());
    }
}
