using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// SPEC 4.1 / RULE over the wire: a `when` on a value the request lacks is false, not an
/// error; response rules see response.status.
/// </summary>
public sealed class Spec_4_1_WhenOverTheWire : IAsyncLifetime
{
    private const string Yaml = """
        middleware:
          request:
            - when: "headers['x-missing'] == '1'"
              status: 403
              body: missing header fired
            - when: "query.flag"
              headers: {X-Flag: "{{ query.flag }}"}
            - when: "request.cookies.id[0] == 'admin'"
              status: 403
              content_type: text/plain
              body: admins go elsewhere
            - when: "params.nope || request.form_nope || exc.code || message"
              status: 500
              body: absent names fired
          response:
            - when: "response.status == 201"
              headers: {X-Created: "yes"}
            - when: "response.status >= 200 && response.status < 300 && response.headers['x-id']"
              headers: {X-Status: "{{ response.status }} {{ response.headers['x-id'][0] }}"}
        routes:
          - path: /plain
            content_type: text/plain
            body: plain
          - path: /created
            status: 201
            content_type: text/plain
            headers: {X-Id: "9"}
            body: created
        """;

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Fact]
    public async Task MissingValuesAreFalse()
    {
        var response = await WireConnection.RequestAsync(App, "GET /plain HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", "plain"), (response.StatusLine, response.Body));
        Assert.Null(response.Header("X-Flag"));
        Assert.Null(response.Header("X-Created"));
        Assert.Null(response.Header("X-Status"));
    }

    [Theory]
    [InlineData("X-Missing: 1\r\n", "missing header fired")]
    [InlineData("Cookie: id=admin\r\n", "admins go elsewhere")]
    public async Task PresentValuesFire(string header, string body)
    {
        var response = await WireConnection.RequestAsync(App, $"GET /plain HTTP/1.1\r\nHost: h\r\n{header}\r\n");
        Assert.Equal(("HTTP/1.1 403 Forbidden", body), (response.StatusLine, response.Body));
    }

    [Theory]
    [InlineData("?flag=on", "on")]
    [InlineData("?flag=", null)]
    [InlineData("?flag", null)]
    public async Task EmptyQueryValueIsFalse(string query, string? flag)
    {
        var response = await WireConnection.RequestAsync(App, $"GET /plain{query} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("plain", flag), (response.Body, response.Header("X-Flag")));
    }

    [Fact]
    public async Task ResponseRulesSeeTheStatus()
    {
        var response = await WireConnection.RequestAsync(App, "GET /created HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 201 Created", "yes", "201 9"), (response.StatusLine, response.Header("X-Created"), response.Header("X-Status")));
    }
}
