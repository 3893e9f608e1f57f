using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// RFC 9112 section 2.2 / 5: a field value never carries CR or LF. A template that puts a
/// decoded %0D%0A from the query into a header value or a redirect location is a 500 (as
/// Tremolo's set_header raises), never an injected header; cookie values are quoted.
/// RFC 9110 5.5: no other control byte either (VT, FF, ESC, DEL, NEL...), which the server
/// refuses in requests: 500 and a log line naming the field.
/// </summary>
public sealed class Rfc9112_TemplatedHeadersCannotSplit : IAsyncLifetime
{
    private const string Injection = "to=x%0D%0ASet-Cookie:%20evil=1";

    private const string Yaml = """
        middleware:
          request:
            - when: "request.path == '/rule-go'"
              redirect: "/next?to={{ query.to }}"
        errors:
          404:
            redirect: "/home?from={{ query.to }}"
        routes:
          - path: /go
            redirect: "/next?to={{ query.to }}"
          - path: /header
            headers: {X-To: "{{ query.to }}"}
            body: h
          - path: /cookie
            cookies: [{name: c, value: "{{ query.to }}"}]
            body: c
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Theory]
    [InlineData("/go")]
    [InlineData("/rule-go")]
    [InlineData("/nowhere")]
    [InlineData("/header")]
    public async Task CrLfFromATemplateIs500(string path)
    {
        var response = await WireConnection.RequestAsync(App, $"GET {path}?{Injection} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 500 Internal Server Error", "Internal Server Error"), (response.StatusLine, response.Body));
        Assert.DoesNotContain(response.Headers, h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.Null(response.Header("Location"));
    }

    [Theory]
    [InlineData("%0B")]
    [InlineData("%0C")]
    [InlineData("%1B")]
    [InlineData("%7F")]
    [InlineData("%C2%85")]
    [InlineData("%00")]
    public async Task Rfc9110_5_5_ControlByteFromATemplateIs500AndLogged(string control)
    {
        var response = await WireConnection.RequestAsync(App, $"GET /header?to=a{control}b HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal("HTTP/1.1 500 Internal Server Error", response.StatusLine);
        Assert.Null(response.Header("X-To"));
        Assert.Contains("/header: header X-To: the value has a control character", App.Log);
    }

    [Fact]
    public async Task TabAndLatin1AreKept()
    {
        var response = await WireConnection.RequestAsync(App, "GET /header?to=a%09%C3%A9b HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal(("HTTP/1.1 200 OK", "a\té" + "b"), (response.StatusLine, response.Header("X-To")));
    }

    [Fact]
    public async Task CleanLocationRedirects()
    {
        var response = await WireConnection.RequestAsync(App, "GET /go?to=a%20b HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 302 Found", "/next?to=a b"), (response.StatusLine, response.Header("Location")));
    }

    [Fact]
    public async Task CookieValueIsQuoted()
    {
        var response = await WireConnection.RequestAsync(App, $"GET /cookie?{Injection} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.StartsWith("c=x%0D%0ASet-Cookie%3A%20evil%3D1; ", Assert.Single(response.Headers, h => h.Key == "Set-Cookie").Value);
    }
}
