using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// docs/templates.md "Maps and lists": a loop over request.headers, query, cookies or form
/// gives Scriban's key/value items in the order the names came; values stay lists where
/// Tremolo has lists; a list printed whole is its values joined with ", ", a map its JSON.
/// </summary>
public class TemplatesDoc_MapsAndLists
{
    private const string Request =
        "GET /x?q=a%22b%3Cc%3E&q=2&x=1 HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/7.88.1\r\n"
        + "Cookie: b=1; a=2\r\nX-M: 1\r\nX-M: 2\r\n\r\n";

    [Fact]
    public void LoopOverRequestHeaders_GivesKeyAndListInArrivalOrder() => Assert.Equal(
        "host: h\nuser-agent: curl/7.88.1\ncookie: b=1; a=2\nx-m: 1|2\n",
        TemplateRun.Render("{{ for h in request.headers }}{{ h.key }}: {{ h.value | array.join '|' }}\n{{ end }}", Request));

    [Fact]
    public void LoopOverFirstValueMaps_GivesKeyAndFirstValue() => Assert.Equal(
        "q=a\"b<c> x=1 |b=1 a=2 |x-m=1 ",
        TemplateRun.Render(
            "{{ for f in query }}{{ f.key }}={{ f.value }} {{ end }}|{{ for c in cookies }}{{ c.key }}={{ c.value }} {{ end }}|"
            + "{{ for h in headers }}{{ if h.key == 'x-m' }}{{ h.key }}={{ h.value }} {{ end }}{{ end }}",
            Request));

    [Fact]
    public void CookiesLoopInTheOrderTheyWereSent() => Assert.Equal(
        "z a m ",
        TemplateRun.Render("{{ for c in request.cookies }}{{ c.key }} {{ end }}", "GET / HTTP/1.1\r\nHost: h\r\nCookie: z=1; a=2; m=3\r\n\r\n"));

    [Fact]
    public void AListPrintedWhole_IsItsValuesJoinedWithCommaSpace() => Assert.Equal(
        "curl/7.88.1 | 1, 2 | a\"b<c>, 2",
        TemplateRun.Render("{{ request.headers['user-agent'] }} | {{ request.headers['x-m'] }} | {{ request.query.q }}", Request));

    [Fact]
    public void AListPrintedInHtml_IsJoinedThenEscaped() => Assert.Equal(
        "<p>a&quot;b&lt;c&gt;, 2</p>",
        TemplateRun.Render("<p>{{ request.query.q }}</p>", Request, escapeHtml: true));

    [Fact]
    public void AListStillIndexesAndPipesAsAnArray() => Assert.Equal(
        "2 2 a\"b<c>+2",
        TemplateRun.Render("{{ request.query.q[1] }} {{ request.query.q.size }} {{ request.query.q | array.join '+' }}", Request));

    [Fact]
    public void AMapPrintedWhole_IsItsJson() => Assert.Equal(
        "{\"q\":[\"a\\u0022b\\u003Cc\\u003E\",\"2\"],\"x\":[\"1\"]} {\"q\":\"a\\u0022b\\u003Cc\\u003E\",\"x\":\"1\"}",
        TemplateRun.Render("{{ request.query }} {{ query }}", Request));

    [Fact]
    public void ToJson_OfAMapAndOfAValue_IsValidJson()
    {
        var json = TemplateRun.Render("{\"q\": {{ query.q | object.to_json }}, \"all\": {{ request.query | object.to_json }}}", Request);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("a\"b<c>", document.RootElement.GetProperty("q").GetString());
        Assert.Equal("2", document.RootElement.GetProperty("all").GetProperty("q")[1].GetString());
    }

    [Fact]
    public void AnObjectBuiltInTheTemplate_PrintsAsJson() => Assert.Equal(
        "{\"q\":\"2\",\"n\":3}",
        TemplateRun.Render("{{ {q: query.q, n: 3} | object.to_json }}", "GET /?q=2 HTTP/1.1\r\nHost: h\r\n\r\n"));

    [Theory]
    [InlineData("headers['x-token']", false)]
    [InlineData("headers['x-empty']", false)]
    [InlineData("headers['x-m']", true)]
    [InlineData("0", true)]
    [InlineData("request.query.missing", false)]
    [InlineData("headers['authorization'] != 'Bearer s3cret'", true)]
    public void WhenTruthiness_AsDocumented(string expression, bool expected) =>
        Assert.Equal(expected, TemplateRun.When(expression, TemplateRun.Scope("GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-M: 1\r\n\r\n")));

    [Fact]
    public async Task EchoApp_ListsHeadersAsNameColonValue()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "apps", "echo", "tremolo.yaml"));
        await using var app = await TestApp.StartAsync(yaml);
        var answer = await app.ExchangeAsync("GET /?a=1 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\nX-M: 1\r\nX-M: 2\r\n\r\n");
        Assert.Contains("\nhost: localhost\n", answer);
        Assert.Contains("\nuser-agent: curl/7.88.1\n", answer);
        Assert.Contains("\nx-m: 1, 2\n", answer);
    }
}
