namespace Tremolo.SpecTests.Config;

/// <summary>
/// SPEC 4.1: templates and conditions are compiled at load; a syntax error is reported at
/// its place in the YAML (or in the template_file). The message after the prefix is the
/// template compiler's.
/// </summary>
public sealed class Spec4_1_TemplateErrors : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void PlainScalarColumnIsTheScalarsPlusTheTemplatePosition()
    {
        // "}}" of "x {{ if }}" is its 9th character; the scalar starts at column 15.
        AssertFirstError("tremolo.yaml:3:23: invalid template: ", "routes:\n  - path: /a\n    template: x {{ if }}\n");
    }

    [Fact]
    public void QuotedScalarShiftsByTheQuote()
    {
        AssertFirstError("tremolo.yaml:3:25: invalid template: ", "routes:\n  - path: /a\n    template: \"hi {{ if }}\"\n");
    }

    [Fact]
    public void LiteralBlockMapsLineAndIndentation()
    {
        AssertFirstError(
            "tremolo.yaml:5:19: invalid template: ",
            "routes:\n  - path: /a\n    template: |\n      line one\n      {{ for x in }}\n      line three\n");
    }

    [Fact]
    public void FoldedBlockMapsThroughTheJoinedLines()
    {
        AssertFirstError(
            "tremolo.yaml:5:17: invalid template: ",
            "routes:\n  - path: /a\n    template: >-\n      one two\n      and {{ if }}\n");
    }

    [Fact]
    public void HeaderValueTemplate()
    {
        AssertFirstError(
            "tremolo.yaml:5:23: invalid template: ",
            "routes:\n  - path: /a\n    body: x\n    headers:\n      X-Id: \"id-{{ if }}\"\n");
    }

    [Fact]
    public void ConditionIsCompiledInScriptMode()
    {
        var errors = _folder.Errors("middleware:\n  request:\n    - when: \"request.method == == 'GET'\"\n      status: 400\n");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("tremolo.yaml:3:", e));
        Assert.Contains(": invalid condition: ", errors[0]);
    }

    [Fact]
    public void FoldedConditionMapsToTheLineOfTheMistake()
    {
        var errors = _folder.Errors("middleware:\n  request:\n    - when: >-\n        request.method ==\n        == 'GET'\n      status: 400\n");
        Assert.NotEmpty(errors);
        Assert.StartsWith("tremolo.yaml:5:9: invalid condition: ", errors[0]);
    }

    [Fact]
    public void TemplateFileErrorsPointIntoThatFile()
    {
        _folder.Write("site/page.html", "<h1>\n  {{ if }}\n</h1>\n");
        _folder.Write("site/tremolo.yaml", "routes:\n  - path: /\n    template_file: page.html\n");
        var errors = _folder.Load("site/tremolo.yaml").Errors.Select(e => e.ToString()).ToList();
        Assert.NotEmpty(errors);
        Assert.StartsWith("site/page.html:2:9: invalid template: ", errors[0]);
    }

    [Fact]
    public void EveryTemplatePlaceIsCompiled()
    {
        var yaml = """
            routes:
              - path: /r
                redirect: "{{ if }}"
              - path: /e
                error: {code: 500, body: "{{ if }}"}
              - path: /c
                body: x
                cookies: [{name: a, value: "{{ if }}"}]
              - path: /w
                websocket: {format: "{{ if }}", greeting: "{{ if }}", channel: "{{ if }}"}
              - path: /s
                sse: {events: [{data: "{{ if }}"}]}
            """;
        var lines = _folder.Errors(yaml).Select(e => e.Split(':')[1]).Distinct();
        Assert.Equal(["3", "5", "8", "10", "12"], lines);
    }

    [Fact]
    public void ResponseUsageIsTheUnionOfItsTemplates()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - path: /a\n    headers: {X-A: \"{{ request.body }}\"}\n    body: plain\n  - path: /b\n    body: plain\n");
        var routes = _folder.Load().Document!.App.Routes;
        Assert.NotEqual(Tremolo.Templates.TemplateUsage.None, routes[0].Response!.Usage);
        Assert.Equal(Tremolo.Templates.TemplateUsage.None, routes[1].Response!.Usage);
    }

    private void AssertFirstError(string expectedPrefix, string yaml)
    {
        var errors = _folder.Errors(yaml);
        Assert.NotEmpty(errors);
        Assert.StartsWith(expectedPrefix, errors[0]);
    }
}
