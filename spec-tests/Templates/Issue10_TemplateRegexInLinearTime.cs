namespace Tremolo.SpecTests.Templates;

/// <summary>
/// Issue 10: the template `regex.*` builtins run on the linear engine where the pattern
/// allows (a catastrophic pattern on request data is no match, not a timeout), and keep
/// Scriban's results and option letters; a pattern that needs backtracking still works.
/// </summary>
public class Issue10_TemplateRegexInLinearTime
{
    private const string Hostile = "GET /?s=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab HTTP/1.1\r\nHost: h\r\n\r\n";
    private const string Get = "GET /?s=ab12cd HTTP/1.1\r\nHost: h\r\n\r\n";

    [Fact]
    public void CatastrophicPatternOnRequestDataIsNoMatch()
    {
        // Backtracking would run past the 500 ms regex timeout (a TemplateLimitException).
        Assert.Equal("0", TemplateRun.Render("{{ regex.match request.query.s[0] '^(a+)+$' | array.size }}", Hostile));
    }

    [Fact]
    public void CatastrophicPatternInAConditionIsFalse()
    {
        Assert.False(TemplateRun.When("(regex.match request.query.s[0] '^(a+)+$' | array.size) > 0", TemplateRun.Scope(Hostile)));
    }

    [Theory]
    [InlineData("{{ regex.match request.query.s[0] '([a-z]+)([0-9]+)' | array.join ',' }}", "ab12,ab,12")]
    [InlineData("{{ regex.matches request.query.s[0] '[a-z]+' | array.size }}", "2")]
    [InlineData("{{ regex.replace request.query.s[0] '[0-9]' '#' }}", "ab##cd")]
    [InlineData("{{ regex.split request.query.s[0] '[0-9]+' | array.join '|' }}", "ab|cd")]
    [InlineData("{{ regex.match 'ABC' 'b' 'i' | array.first }}", "B")]
    [InlineData("{{ regex.escape 'a.b' }}", "a\\.b")]
    [InlineData("{{ regex.match 'abab' '(ab)\\\\1' | array.first }}", "abab")]
    public void BuiltinsKeepScribansResults(string template, string expected)
    {
        Assert.Equal(expected, TemplateRun.Render(template, Get));
    }
}
