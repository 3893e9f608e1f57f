namespace Tremolo.SpecTests.Templates;

/// <summary>SPEC 8: constant templates cost nothing at render; renders are safe in parallel.</summary>
public class Spec_8_TemplatePerformance
{
    private const string Get = "GET /?a=1 HTTP/1.1\r\nHost: h\r\n\r\n";

    [Fact]
    public void ConstantTemplateAllocatesNothing()
    {
        var template = TemplateRun.Compile("<h1>Hello</h1>");
        var scope = TemplateRun.Scope(Get);
        template.Render(scope, escapeHtml: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            template.Render(scope, escapeHtml: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RendersRunInParallel()
    {
        var template = TemplateRun.Compile("{{ x = query.a }}{{ for i in 1..3 }}{{ x }}{{ end }}|{{ request.path }}");
        var results = new string[2000];
        Parallel.For(0, results.Length, i =>
            results[i] = template.Render(TemplateRun.Scope($"GET /p{i}?a={i} HTTP/1.1\r\nHost: h\r\n\r\n"), escapeHtml: false));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"{i}{i}{i}|/p{i}", results[i]);
        }
    }

    [Fact]
    public void ReusedContextDoesNotKeepLoopOrCaptureState()
    {
        var scope = TemplateRun.Scope(Get);
        Assert.Equal("ab", TemplateRun.Render("{{ capture c }}a{{ end }}{{ c }}b", scope));
        Assert.Equal("[]b", TemplateRun.Render("[{{ c }}]b", scope));
        Assert.Equal("123", TemplateRun.Render("{{ for i in 1..3 }}{{ i }}{{ end }}", scope));
    }
}
