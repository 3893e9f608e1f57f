namespace Tremolo.SpecTests.Templates;

/// <summary>
/// SPEC 4.1: templates served as HTML escape every `{{ }}` output (Python html.escape,
/// quote=True); `| raw` opts out; other content types and WebSocket formats are not escaped.
/// </summary>
public class Spec_4_1_HtmlEscaping
{
    private const string Attack = "GET /?q=%3Cscript%3Ealert(%27x%27)%26%22%3C/script%3E HTTP/1.1\r\nHost: h\r\n\r\n";

    [Fact]
    public void ScriptFromAQueryParameterIsEscapedInHtml() =>
        Assert.Equal("<p>&lt;script&gt;alert(&#x27;x&#x27;)&amp;&quot;&lt;/script&gt;</p>",
            TemplateRun.Render("<p>{{ query.q }}</p>", Attack, escapeHtml: true));

    [Fact]
    public void ScriptIsUnchangedInTextPlain() =>
        Assert.Equal("<p><script>alert('x')&\"</script></p>",
            TemplateRun.Render("<p>{{ query.q }}</p>", Attack, escapeHtml: false));

    [Fact]
    public void ScriptIsUnchangedInAWebSocketFormat()
    {
        var scope = TemplateRun.Scope(Attack).With(message: "<script>x</script>");
        Assert.Equal("You said: <script>x</script>", TemplateRun.Render("You said: {{ message }}", scope, escapeHtml: false));
    }

    [Fact]
    public void RawOptsOut() =>
        Assert.Equal("<script>alert('x')&\"</script>",
            TemplateRun.Render("{{ query.q | raw }}", Attack, escapeHtml: true));

    [Fact]
    public void RawKeepsItsTextInExpressions() =>
        Assert.Equal("&lt;script&gt;alert(&#x27;x&#x27;)&amp;&quot;&lt;/script&gt;!",
            TemplateRun.Render("{{ (query.q | raw) + '!' }}", Attack, escapeHtml: true));

    [Fact]
    public void LiteralTextIsNeverEscaped() =>
        Assert.Equal("<b>'&'</b> 1 &lt;i&gt;",
            TemplateRun.Render("<b>'&'</b> {{ 1 }} {{ '<i>' }}", Attack, escapeHtml: true));

    [Fact]
    public void LoopsAndConditionalsEscapeEachOutput() =>
        Assert.Equal("[&lt;a&gt;][&lt;b&gt;]",
            TemplateRun.Render("{{ for x in ['<a>', '<b>'] }}[{{ x }}]{{ end }}", Attack, escapeHtml: true));
}
