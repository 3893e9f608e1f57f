using System.Diagnostics;
using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>Issue 3 item 5: runaway templates stop with TemplateLimitException (a 500), never hang.</summary>
public class Spec_4_1_TemplateLimits
{
    private const string Get = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

    [Theory]
    [InlineData("{{ while true }}x{{ end }}")]
    [InlineData("{{ for i in 1..100000000 }}{{ end }}")]
    [InlineData("{{ for i in 1..1000 }}{{ for j in 1..1000 }}{{ end }}{{ end }}")]
    [InlineData("{{ func f; ret f; end; f }}")]
    [InlineData("{{ s = 'xxxxxxxxxxxxxxxx'; while true; s = s + s; end }}")]
    [InlineData("{{ 'x' * 2000000 }}")]
    [InlineData("{{ for i in 1..9000 }}{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }}{{ end }}")]
    public void RunawayTemplatesAreStopped(string text)
    {
        var watch = Stopwatch.StartNew();
        Assert.Throws<TemplateLimitException>(() => TemplateRun.Render(text, Get));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void RunawayConditionIsStopped() =>
        Assert.Throws<TemplateLimitException>(() => TemplateRun.When("while true; end; true", TemplateRun.Scope(Get)));

    [Fact]
    public void OutputJustUnderTheLimitRenders() =>
        Assert.Equal(TemplateLimits.OutputLimit - 10, TemplateRun.Render($"{{{{ 'x' * {TemplateLimits.OutputLimit - 10} }}}}", Get).Length);

    [Fact]
    public void SlowLoopHitsTheWallClock()
    {
        // Fewer steps than the loop limit, but each copies a million characters four
        // times (tens of seconds in all): the deadline stops it.
        var text = "{{ s = 'x' * 1000000; for i in 1..9999; t = s | string.replace 'x' 'y' | string.replace 'y' 'x' | string.upcase | string.downcase; end }}";
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<TemplateLimitException>(() => TemplateRun.Render(text, Get));
        Assert.Equal("template ran longer than 2s", error.Message);
        Assert.True(watch.Elapsed < TemplateLimits.MaxDuration + TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ARenderAfterALimitStillWorks()
    {
        Assert.Throws<TemplateLimitException>(() => TemplateRun.Render("{{ while true }}{{ end }}", Get));
        Assert.Equal("ok 3", TemplateRun.Render("ok {{ for i in 1..3 }}{{ end }}{{ 3 }}", Get));
    }

    [Fact]
    public void OtherRuntimeErrorsAreRenderErrors()
    {
        var error = Assert.Throws<TemplateRenderException>(() => TemplateRun.Render("{{ nosuch.function 1 }}{{ 1 / 0 }}{{ undefined_fn() }}", Get));
        Assert.IsNotType<TemplateLimitException>(error);
    }
}
