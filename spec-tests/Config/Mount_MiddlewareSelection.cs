using Tremolo.Config.Model;
using Tremolo.Config.Routing;
using Tremolo.Server.App;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// docs reference/app/mount.md: a path gets the middleware of the app mounted at the longest
/// prefix of its segments that has middleware, else the root app's; and the per-request lookup
/// builds no string, however many scopes the config has.
/// </summary>
public sealed class Mount_MiddlewareSelection
{
    private static readonly MiddlewareModel Root = Model();
    private static readonly MiddlewareModel Api = Model();
    private static readonly MiddlewareModel ApiV2 = Model();

    private static readonly MiddlewareSelector Selector = new(
    [
        new MiddlewareScope([], Root),
        new MiddlewareScope(["api"], Api),
        new MiddlewareScope(["api", "v2"], ApiV2),
    ]);

    [Theory]
    [InlineData("/", "root")]
    [InlineData("/hello", "root")]
    [InlineData("/api", "api")]
    [InlineData("/api/", "api")]
    [InlineData("/api/users/7", "api")]
    [InlineData("/api/v2", "v2")]
    [InlineData("/api/v2/users/7", "v2")]
    [InlineData("/api/v21", "api")]
    [InlineData("/apix/v2", "root")]
    [InlineData("//api//v2", "api")]
    public void TheLongestMountedPrefixWins(string path, string expected)
    {
        var chosen = Selector.For(path);
        Assert.Same(expected switch { "api" => Api, "v2" => ApiV2, _ => Root }, chosen);
    }

    [Fact]
    public void WithoutARootScopeAnUnmountedPathGetsNone()
    {
        var selector = new MiddlewareSelector([new MiddlewareScope(["a"], Api), new MiddlewareScope(["b"], ApiV2)]);
        Assert.Same(MiddlewareModel.Empty, selector.For("/c/d"));
        Assert.Same(ApiV2, selector.For("/b/d"));
    }

    [Fact]
    public void ALookupAllocatesNothing()
    {
        string[] paths = ["/hello", "/api/users/7", "/api/v2/users/7", "/"];
        foreach (var path in paths)
        {
            Selector.For(path);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Selector.For(paths[i % paths.Length]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // A distinct instance per scope, so Assert.Same tells them apart.
    private static MiddlewareModel Model() => new(new List<RuleModel>(), []);
}
