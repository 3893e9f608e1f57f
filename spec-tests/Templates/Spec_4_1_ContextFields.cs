using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>SPEC 4.1: every name of the template context, with Tremolo's shapes.</summary>
public class Spec_4_1_ContextFields
{
    private sealed record Response(int Status, string Message, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers) : IResponseData;

    private const string Get = "GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n";

    [Fact]
    public void SchemeIsHttpsOnTlsWithoutForwardedProto()
    {
        var secure = TemplateRun.Scope(RawRequest.Parse(Get, isSecure: true));
        Assert.Equal("https", TemplateRun.Render("{{ request.scheme }}", secure));
    }

    [Fact]
    public void ForwardedProtoIsStrippedAndWinsOverTls()
    {
        var request = RawRequest.Parse("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto:  http \r\n\r\n", isSecure: true);
        Assert.Equal("[http]", TemplateRun.Render("[{{ request.scheme }}]", TemplateRun.Scope(request)));
    }

    [Theory]
    [InlineData("X-Forwarded-For: \r\n", "127.0.0.1")]
    [InlineData("X-Forwarded-For:  a , b\r\n", "a ")]
    [InlineData("X-Forwarded-For: 10.1.1.1\r\nX-Forwarded-For: 10.2.2.2\r\n", "10.1.1.1")]
    public void IpFollowsTheFirstForwardedForLikeTremolo(string header, string expected) =>
        Assert.Equal($"[{expected}]", TemplateRun.Render("[{{ request.ip }}]", $"GET / HTTP/1.1\r\nHost: h\r\n{header}\r\n"));

    [Fact]
    public void EmptyForwardedHostStillWinsOverHost() =>
        Assert.Equal("[]", TemplateRun.Render("[{{ request.host }}]", "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Host: \r\n\r\n"));

    [Fact]
    public void HostIsLatin1AsSent() =>
        Assert.Equal("caf\u00c3\u00a9", TemplateRun.Render("{{ request.host }}", "GET / HTTP/1.1\r\nHost: caf\u00c3\u00a9\r\n\r\n"));

    [Fact]
    public void PathAndQueryStringSplitAtTheFirstQuestionMark() =>
        Assert.Equal("/p|a=1?b=2", TemplateRun.Render("{{ request.path }}|{{ request.query_string }}", "GET /p?a=1?b=2 HTTP/1.1\r\nHost: h\r\n\r\n"));

    [Fact]
    public void ParamsAreTheNamedGroups()
    {
        var scope = TemplateRun.Scope(RawRequest.Parse("GET /page/42 HTTP/1.1\r\nHost: h\r\n\r\n",
            groups: new Dictionary<string, string> { ["page_id"] = "42" }));
        Assert.Equal("42 42 []", TemplateRun.Render("{{ params.page_id }} {{ request.params.page_id }} [{{ params.other }}]", scope));
    }

    [Fact]
    public void HeadersMapsHoldLowercaseNamesAndAllValues() =>
        Assert.Equal("2 a b a",
            TemplateRun.Render("{{ request.headers.accept | array.size }} {{ request.headers.accept[0] }} {{ request.headers.accept[1] }} {{ headers.accept }}",
                "GET / HTTP/1.1\r\nHost: h\r\nACCEPT: a\r\nAccept: b\r\n\r\n"));

    [Fact]
    public void ResponseFieldsInResponseRules()
    {
        var scope = TemplateRun.Scope(Get).With(response: new Response(201, "Created", "text/plain",
            [new("X-Id", "1"), new("x-id", "2"), new("Set-Cookie", "a=b")]));
        Assert.Equal("201 Created text/plain 1,2 a=b",
            TemplateRun.Render("{{ response.status }} {{ response.message }} {{ response.content_type }} {{ response.headers[\"x-id\"] | array.join \",\" }} {{ response.headers[\"set-cookie\"][0] }}", scope));
        Assert.True(TemplateRun.When("response.status == 201", scope));
    }

    [Fact]
    public void ResponseIsMissingOutsideResponseRules()
    {
        var scope = TemplateRun.Scope(Get);
        Assert.Equal("[]", TemplateRun.Render("[{{ response.status }}]", scope));
        Assert.False(TemplateRun.When("response.status == 201", scope));
    }

    [Fact]
    public void ExceptionFieldsInErrorPages()
    {
        var scope = TemplateRun.Scope(Get).With(exception: new ExceptionData(405, "Method Not Allowed", "405 text"));
        Assert.Equal("GET is not allowed here (405 Method Not Allowed) 405 text",
            TemplateRun.Render("{{ request.method }} is not allowed here ({{ exc.code }} {{ exc.message }}) {{ exc.text }}", scope));
    }

    [Fact]
    public void WebSocketFormatSeesMessageClientAndChannel()
    {
        var scope = TemplateRun.Scope(Get).With(message: "hi <b>", channel: "room");
        Assert.Equal("Guest54321 said: hi <b> in room from 127.0.0.1",
            TemplateRun.Render("Guest{{ client.port }} said: {{ message }} in {{ channel }} from {{ client.host }}", scope));
    }

    [Fact]
    public void TimeIsLocalHoursMinutesSeconds()
    {
        var before = DateTime.Now;
        var text = TemplateRun.Render("{{ time }}", TemplateRun.Scope(Get));
        var after = DateTime.Now;
        Assert.Matches(@"^\d\d:\d\d:\d\d$", text);
        Assert.Contains(text, new[] { before.ToString("HH:mm:ss"), after.ToString("HH:mm:ss") });
    }

    [Fact]
    public void ServerNameAndScribanBuiltins() =>
        Assert.Equal("Tremolo HELLO 3 2024",
            TemplateRun.Render("{{ server.name }} {{ 'hello' | string.upcase }} {{ [1, 2, 3] | array.size }} {{ date.parse '2024-01-01' | date.to_string '%Y' }}", Get));

    [Fact]
    public void AssignedVariablesLiveForOneRender()
    {
        var scope = TemplateRun.Scope(Get);
        Assert.Equal("5", TemplateRun.Render("{{ x = 5 }}{{ x }}", scope));
        Assert.Equal("[]", TemplateRun.Render("[{{ x }}]", scope));
    }

    [Fact]
    public void BuiltinsCannotBeChangedByATemplate()
    {
        var scope = TemplateRun.Scope(Get);
        Assert.ThrowsAny<TemplateRenderException>(() => TemplateRun.Render("{{ string.upcase = 1 }}", scope));
        Assert.Equal("A", TemplateRun.Render("{{ 'a' | string.upcase }}", scope));
    }

    [Fact]
    public void BodyInvalidUtf8IsReplacedLikePython() =>
        Assert.Equal("a\ufffdb\ufffd",
            TemplateRun.Render("{{ request.body }}", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\na\u00ffb\u00e2\u0082"));

    [Fact]
    public void ScopesMadeWithWithShareTheParsedRequest()
    {
        var scope = TemplateRun.Scope("GET /?a=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("1", TemplateRun.Render("{{ query.a }}", scope));
        var later = scope.With(message: "m");
        Assert.Equal("1 m", TemplateRun.Render("{{ query.a }} {{ message }}", later));
    }
}
