using System.Text.RegularExpressions;
using Tremolo.Config.Patterns;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// docs basics/routing.md and Tremolo's routes.py: a path starting with ^ or ending with $
/// is a regex (Python syntax, translated to .NET); a trailing $ lets a query string follow.
/// </summary>
public sealed class Routing_RegexPaths : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("/hello", null)]
    [InlineData("^/page/(?P<page_id>\\d+)", "^/page/(?<page_id>[0-9]+)")]
    [InlineData("^/user/(?P<name>[a-z]+)$", "^/user/(?<name>[a-z]+)(?:\\?.*)?$")]
    [InlineData("/end$$", "/end(?:\\?.*)?$")]
    [InlineData("^/(?P<a>x)/(?P=a)", "^/(?<a>x)/\\k<a>")]
    [InlineData("^/w/[\\w.-]+\\Z", "^/w/[a-zA-Z0-9_.-]+\\z")]
    public void StoredPatternIsTheFinalDotNetPattern(string path, string? pattern)
    {
        _folder.Write("tremolo.yaml", $"routes:\n  - path: '{path}'\n    body: x\n");
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        Assert.Equal(pattern, result.Document!.App.Routes[0].Pattern);
    }

    [Fact]
    public void NamedGroupsOfAPythonPatternMatchAsInTremolo()
    {
        var regex = new Regex(PythonRegex.ToDotNet(RoutePattern.OfRegex("^/user/(?P<name>[a-z]+)$")), RegexOptions.CultureInvariant);
        var match = regex.Match("/user/anna?x=1");
        Assert.True(match.Success);
        Assert.Equal("anna", match.Groups["name"].Value);
        Assert.DoesNotMatch(regex, "/user/anna/more");
    }

    [Fact]
    public void AsciiClassesDoNotMatchLatin1Letters()
    {
        var regex = new Regex(PythonRegex.ToDotNet("^/(\\w+)$"), RegexOptions.CultureInvariant);
        Assert.Matches(regex, "/abc_9");
        Assert.DoesNotMatch(regex, "/caf\u00e9");
    }

    [Fact]
    public void EscapedAndBracketedPLooksAreLeftAlone()
    {
        Assert.Equal("\\(?P<x>[(?P<]", PythonRegex.ToDotNet("\\(?P<x>[(?P<]"));
    }
}
