using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// docs/schema.md: mistakes a newcomer makes are each reported at FILE:LINE:COL without
/// hiding the others: a duplicate YAML key, a repeated route path (a warning), a regex in
/// the user's own words; decorations beside `methods:` are the default of every method.
/// </summary>
public sealed class Schema_NewcomerMistakes : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void DuplicateYamlKey_IsOneErrorAmongTheOthers() => Assert.Equal(
        [
            "tremolo.yaml:2:9: 'abc' is not a port",
            "tremolo.yaml:3:3: duplicate key 'port' (first at line 2, column 3)",
            "tremolo.yaml:7:5: duplicate key 'body' (first at line 6, column 5)",
            "tremolo.yaml:8:5: unknown key 'bdy'; did you mean 'body'?",
        ],
        _folder.Errors("server:\n  port: abc\n  port: {nested: [1, 2]}\nroutes:\n  - path: /a\n    body: x\n    body: y\n    bdy: z\n"));

    [Fact]
    public void DuplicateKeyInsideASequenceOfMappings_IsFound() => Assert.Equal(
        ["tremolo.yaml:3:16: duplicate key 'path' (first at line 3, column 6)"],
        _folder.Errors("routes:\n  - {path: /a, body: a}\n  - {path: /b, path: /c, body: b}\n"));

    [Fact]
    public void RepeatedRoutePath_IsAWarningAtTheLaterRoute()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - path: /a\n    body: one\n  - path: /a/\n    body: two\n  - path: /items\n    methods: {get: {body: list}}\n  - path: /items\n    methods: {post: {body: made}}\n");
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        Assert.Equal(["tremolo.yaml:4:5: route path '/a/' is also the path of the route at line 2; the later route is tried first"], result.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void RegexError_QuotesThePatternAsWritten() => Assert.Equal(
        [@"tremolo.yaml:2:11: invalid regex '^/u/(?P<name>\w+[': unterminated bracket"],
        _folder.Errors("routes:\n  - path: '^/u/(?P<name>\\w+['\n    body: x\n"));

    [Fact]
    public void BodyFormBesideMethods_SaysHow() => Assert.Equal(
        ["tremolo.yaml:4:5: a route has either a body form or methods, not both: put the body form under each method (decorations such as headers beside methods are the default of every method)"],
        _folder.Errors("routes:\n  - path: /a\n    template: x\n    methods: {get: {body: y}}\n"));

    [Fact]
    public async Task DecorationsBesideMethods_AreTheDefaultOfEveryMethod()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /items
                content_type: application/json
                headers: {X-Api: v1, X-Who: route}
                methods:
                  get: {body: '[]'}
                  post: {status: 201, headers: {X-Who: post}, body: '{}'}
            """);
        var get = await WireConnection.RequestAsync(app, "GET /items HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", "application/json", "v1", "route"), (get.StatusLine, get.Header("Content-Type"), get.Header("X-Api"), get.Header("X-Who")));
        var post = await WireConnection.RequestAsync(app, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(("HTTP/1.1 201 Created", "application/json", "v1", "post"), (post.StatusLine, post.Header("Content-Type"), post.Header("X-Api"), post.Header("X-Who")));
    }
}
