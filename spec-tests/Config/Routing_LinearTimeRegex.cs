using System.Text.RegularExpressions;
using Tremolo.Config.Patterns;
using Tremolo.Config.Routing;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// Issue 10 (route regexes in linear time): a route regex runs on the linear engine
/// (NonBacktracking) whenever the pattern allows, so no path can drive it into exponential
/// backtracking; a pattern that needs backtracking gets a match timeout instead.
/// </summary>
public sealed class Routing_LinearTimeRegex : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("^/files/(?P<path>([a-z0-9]+/?)*)$")]
    [InlineData("^/page/(?P<page_id>\\d+)")]
    [InlineData("^/user/(?P<name>[a-z]+)$")]
    [InlineData("/end$")]
    public void OrdinaryPatternsRunOnTheLinearEngine(string path)
    {
        var regex = OnlyRoute($"routes:\n  - path: '{path}'\n    body: x\n");
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking), regex.Options.ToString());
    }

    [Theory]
    [InlineData("^/(?P<a>x)/(?P=a)$")]
    [InlineData("^/(?=x)x")]
    [InlineData("^/(?>a+)b")]
    public void BacktrackingOnlyPatternsGetTheMatchTimeout(string path)
    {
        var regex = OnlyRoute($"routes:\n  - path: '{path}'\n    body: x\n");
        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(RoutePattern.MatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void TheIssuesHostilePathIsNoMatchOnTheLinearEngine()
    {
        // With backtracking this match takes seconds, doubling with each extra character.
        var regex = OnlyRoute("routes:\n  - path: '^/files/(?P<path>([a-z0-9]+/?)*)$'\n    body: x\n");
        Assert.DoesNotMatch(regex, "/files/" + new string('a', 5000) + "!");
        Assert.Equal("abc/def", regex.Match("/files/abc/def?x=1").Groups["path"].Value);
    }

    [Fact]
    public void MountedRoutesRunOnTheLinearEngineToo()
    {
        var regex = OnlyRoute("mount:\n  - prefix: /api\n    app:\n      routes:\n        - {path: '^/x/(?P<id>[0-9]+)$', body: x}\n");
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
    }

    [Fact]
    public void APatternNeedingBacktrackingIsAWarningAtItsPosition()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - path: /a\n    body: a\n  - path: '^/(?P<a>x)/(?P=a)$'\n    body: x\n");
        var result = _folder.Load();
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("tremolo.yaml:4:11", warning.Location.ToString());
        Assert.Contains("needs backtracking", warning.Message);
    }

    [Fact]
    public void OrdinaryPatternsAreNoWarning()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - path: '^/files/(?P<path>([a-z0-9]+/?)*)$'\n    body: x\n");
        Assert.Empty(_folder.Load().Warnings);
    }

    private Regex OnlyRoute(string yaml)
    {
        _folder.Write("tremolo.yaml", yaml);
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        return RouteTableBuilder.Build(result.Document!.App).Routes.First(r => r.Pattern is not null && !r.Route.IsBuiltinIndex).Pattern!;
    }
}
