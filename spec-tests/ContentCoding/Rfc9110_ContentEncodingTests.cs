using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>
/// The `encode` option (RFC 9110 §8.4 Content-Encoding, §12.5.3 Accept-Encoding): negotiated
/// with q-values, Vary on every compressible answer, only compressible types above
/// encode_min_length, never a 206, HEAD with GET's headers, the ETag marked per coding.
/// Bodies are decoded and compared byte for byte.
/// </summary>
public sealed class Rfc9110_ContentEncodingTests
{
    private static readonly string Page = string.Concat(Enumerable.Range(0, 200).Select(i => $"<p>line {i} of the page</p>\n"));

    private static readonly string Yaml = $$"""
        server:
          encode: [br, gzip]
        routes:
          - path: /page
            content_type: text/html; charset=utf-8
            headers: {ETag: '"abc"'}
            body: |
        {{string.Join("\n", Page.Split('\n').Select(l => "        " + l))}}
          - path: /small
            content_type: application/json
            body: '{"ok": true}'
          - path: /image
            content_type: image/png
            body: |
        {{string.Join("\n", Page.Split('\n').Select(l => "        " + l))}}
          - path: /partial
            status: 206
            content_type: text/plain
            headers: {Content-Range: 'bytes 0-9/100'}
            body: |
        {{string.Join("\n", Page.Split('\n').Select(l => "        " + l))}}
          - path: /gzip-only
            encode: [gzip]
            content_type: text/plain
            body: |
        {{string.Join("\n", Page.Split('\n').Select(l => "        " + l))}}
        """;

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, br", "br")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("*", "br")]
    [InlineData("*;q=0", null)]
    [InlineData("br;q=0, gzip;q=0", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    [InlineData(null, null)]
    public async Task Encode_AcceptEncodingNegotiation(string? accept, string? expected)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/page", accept);
        Assert.Equal(200, response.Status);
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal(expected, response.Header("Content-Encoding"));
        Assert.Equal(Encoding.UTF8.GetBytes(Page), CodedExchange.Decode(expected, response.BodyBytes));
        Assert.Equal(expected is null ? "\"abc\"" : $"\"abc-{expected}\"", response.Header("ETag"));
    }

    [Fact]
    public async Task Encode_RouteListOverridesTheServers()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/gzip-only", "br, gzip");
        Assert.Equal("gzip", response.Header("Content-Encoding"));
        Assert.Equal(Encoding.UTF8.GetBytes(Page), CodedExchange.Decode("gzip", response.BodyBytes));
    }

    [Fact]
    public async Task Encode_BelowMinLengthIsSentAsIs()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/small", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal("{\"ok\": true}", response.Body);
    }

    [Fact]
    public async Task Encode_IncompressibleTypeIsSentAsIs()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/image", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Null(response.Header("Vary"));
        Assert.Equal(Encoding.UTF8.GetBytes(Page), response.BodyBytes);
    }

    [Fact]
    public async Task Encode_PartialContentIsNeverCompressed()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/partial", "br, gzip");
        Assert.Equal(206, response.Status);
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal(Encoding.UTF8.GetBytes(Page), response.BodyBytes);
    }

    [Theory]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.0")]
    public async Task Encode_HeadHasTheHeadersOfGet(string version)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var get = await CodedExchange.HeadOfAsync(app, "GET", "/page", version);
        var head = await CodedExchange.HeadOfAsync(app, "HEAD", "/page", version);
        Assert.Contains("Content-Encoding: br", get);
        Assert.Equal(get, head);
    }

    [Fact]
    public async Task Encode_OffByDefault()
    {
        await using var app = await TestApp.StartAsync(Yaml.Replace("  encode: [br, gzip]\n", "  debug: false\n"));
        var response = await CodedExchange.GetAsync(app, "/page", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Null(response.Header("Vary"));
        Assert.Equal(Encoding.UTF8.GetBytes(Page), response.BodyBytes);
    }
}
