using Tremolo.Config.Routing;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// docs reference/app/mount.md and Tremolo's mount(): a mounted app's routes become regexes
/// under the prefix, its middleware applies under the prefix's segments, its error pages do not.
/// </summary>
public sealed class Mount_RouteTable : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RootPlainRoutesStayPlain()
    {
        var table = Build("routes:\n  - {path: /hello/?x=1, body: a}\n  - {path: /, body: b}\n  - {path: '^/r/(\\d+)', body: c}\n");
        Assert.Equal(
            [("/hello", "hello", null, 0), ("/", "", null, 1), ("^/r/([0-9]+)", null, "^/r/([0-9]+)", 2)],
            table.Routes.Select(r => (r.Display, r.PlainPath, r.Pattern?.ToString(), r.Order)));
        Assert.All(table.Routes, r => Assert.Equal("", r.MountPrefix));
    }

    [Fact]
    public void MountedRoutesBecomeRegexesUnderThePrefixInMountOrder()
    {
        var yaml = """
            routes:
              - {path: /top, body: t}
            mount:
              - prefix: /api/
                app:
                  routes:
                    - {path: /a, body: a}
                    - {path: /b/c, body: bc}
                    - {path: /a/x, body: ax}
                    - {path: '^/page/(?P<n>\d+)', body: p}
                    - {path: 'tail$', body: t}
            """;
        var table = Build(yaml);
        Assert.Equal(
            [
                "/top",
                "^/api/+a/x(?:/+)?(?:\\?.*)?$",
                "^/api/+b/c(?:/+)?(?:\\?.*)?$",
                "^/api/+a(?:/+)?(?:\\?.*)?$",
                "^/api/page/(?<n>[0-9]+)",
                "^/api/.*tail(?:\\?.*)?$",
                "^/api/+(?:\\?.*)?$",
            ],
            table.Routes.Select(r => r.Display));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], table.Routes.Select(r => r.Order));
        Assert.True(table.Routes[^1].Route.IsBuiltinIndex);
        Assert.All(table.Routes.Skip(1), r => Assert.Equal(("/api", null), (r.MountPrefix, r.PlainPath)));
        Assert.Matches(table.Routes[3].Pattern!, "/api//a/?q=1");
        Assert.DoesNotMatch(table.Routes[3].Pattern!, "/api/ab");
    }

    [Fact]
    public void AMountedAppsOwnIndexReplacesTheBuiltinOne()
    {
        var table = Build("mount:\n  - {prefix: /s, app: {routes: [{path: /, body: home}]}}\n");
        var index = Assert.Single(table.Routes);
        Assert.Equal(("^/s/+(?:\\?.*)?$", false), (index.Display, index.Route.IsBuiltinIndex));
    }

    [Fact]
    public void NestedMountsCompose()
    {
        var yaml = """
            mount:
              - prefix: /a
                app:
                  middleware: {request: [{headers: {X-A: a}}]}
                  mount:
                    - prefix: /b
                      app:
                        middleware: {response: [{headers: {X-B: b}}]}
                        routes: [{path: /x, body: x}]
            """;
        var table = Build(yaml);
        Assert.Equal(
            [("^/a/b/+x(?:/+)?(?:\\?.*)?$", "/a/b"), ("^/a/b/+(?:\\?.*)?$", "/a/b"), ("^/a/+(?:\\?.*)?$", "/a")],
            table.Routes.Select(r => (r.Display, r.MountPrefix)));
        Assert.Equal([[], ["a"], ["a", "b"]], table.Middleware.Select(s => s.PrefixParts.ToArray()));
    }

    [Fact]
    public void MiddlewareScopeOnlyForMountedAppsWithRules()
    {
        var table = Build("mount:\n  - {prefix: /s, app: {routes: [{path: /x, body: x}]}}\n");
        Assert.Equal([[]], table.Middleware.Select(s => s.PrefixParts.ToArray()));
    }

    [Fact]
    public void ErrorPagesAreTheRootApps()
    {
        var table = Build("errors:\n  404: {body: none}\nroutes: []\n");
        Assert.Equal([404], table.Errors.Keys);
    }

    private RouteTable Build(string yaml)
    {
        _folder.Write("tremolo.yaml", yaml);
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        return RouteTableBuilder.Build(result.Document!.App);
    }
}
