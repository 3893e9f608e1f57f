using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>
/// `encode` on the answers response.end() gives (RFC 9110 §8.4, §12.5.5): error pages,
/// redirects and middleware answers follow the matched route's `encode`, else the server's;
/// Vary from decorations and from `encode` is one field, each name once.
/// </summary>
public sealed class Rfc9110_EncodedAnswersTests
{
    private static readonly string Long = string.Concat(Enumerable.Range(0, 100).Select(i => $"not found, line {i}\n"));

    private static readonly string Yaml = $$"""
        server:
          encode: [br, gzip]
        errors:
          404: {body: "{{Long.Replace("\n", "\\n")}}"}
          403: {body: "{{Long.Replace("\n", "\\n")}}"}
        middleware:
          request:
            - when: "request.path == '/blocked'"
              status: 451
              body: "{{Long.Replace("\n", "\\n")}}"
          response:
            - headers: [[Vary, Cookie]]
        routes:
          - path: /forbidden-gzip
            encode: [gzip]
            error: 403
          - path: /forbidden-plain
            encode: []
            error: 403
          - path: /moved
            redirect: /elsewhere
          - path: /varied
            headers: {Vary: Origin}
            body: "{{Long.Replace("\n", "\\n")}}"
          - path: /varied-twice
            headers: [[Vary, Origin], [Vary, accept-encoding]]
            body: "{{Long.Replace("\n", "\\n")}}"
        """;

    [Fact]
    public async Task ErrorPage_WithoutARouteFollowsTheServersEncode()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/missing", "br, gzip");
        Assert.Equal(404, response.Status);
        Assert.Equal("br", response.Header("Content-Encoding"));
        Assert.Equal(response.BodyBytes.Length.ToString(), response.Header("Content-Length"));
        Assert.Equal(Long, CodedExchange.DecodeText("br", response.BodyBytes));
    }

    [Fact]
    public async Task ErrorPage_RaisedByARouteFollowsTheRoutesEncode()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var gzip = await CodedExchange.GetAsync(app, "/forbidden-gzip", "br, gzip");
        Assert.Equal(403, gzip.Status);
        Assert.Equal("gzip", gzip.Header("Content-Encoding"));
        Assert.Equal(Long, CodedExchange.DecodeText("gzip", gzip.BodyBytes));

        var plain = await CodedExchange.GetAsync(app, "/forbidden-plain", "br, gzip");
        Assert.Equal(403, plain.Status);
        Assert.Null(plain.Header("Content-Encoding"));
        Assert.Null(plain.Header("Vary"));
        Assert.Equal(Long, plain.Body);
    }

    [Fact]
    public async Task MiddlewareAnswer_IsEncoded()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/blocked", "gzip");
        Assert.Equal(451, response.Status);
        Assert.Equal("gzip", response.Header("Content-Encoding"));
        Assert.Equal(Long, CodedExchange.DecodeText("gzip", response.BodyBytes));
    }

    [Fact]
    public async Task Redirect_ShortBodyIsSentAsItIsWithVary()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/moved", "br, gzip");
        Assert.Equal(302, response.Status);
        Assert.Equal("/elsewhere", response.Header("Location"));
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
    }

    [Theory]
    [InlineData("/varied", "Origin, Accept-Encoding, Cookie")]
    [InlineData("/varied-twice", "Origin, accept-encoding, Cookie")]
    public async Task Vary_IsOneFieldEachNameOnce(string path, string expected)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, path, "br");
        Assert.Equal("br", response.Header("Content-Encoding"));
        var vary = Assert.Single(response.Headers, h => h.Key.Equals("Vary", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(expected, vary.Value);
    }

    [Fact]
    public async Task ErrorPage_HeadHasTheHeadersOfGet()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var get = await CodedExchange.HeadOfAsync(app, "GET", "/missing");
        var head = await CodedExchange.HeadOfAsync(app, "HEAD", "/missing");
        Assert.Contains("Content-Encoding: br", get);
        Assert.Equal(get, head);
    }
}
