using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>
/// `encode` on `file:` and `directory:` answers (RFC 9110 §8.4, §14.1.2): a compressible file
/// asked for whole is sent as its precompressed sibling (`x.css.br`, `x.css.gz`, Caddy's
/// `precompressed`) or compressed on the fly and streamed piece by piece; a Range request gets
/// the file as it is; a sibling that links out of the folder is never sent.
/// </summary>
public sealed class Rfc9110_EncodedFilesTests
{
    private static readonly string Page = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p>line {i} of the page</p>\n"));

    private const string Css = "body { color: rgb(1, 2, 3); }\n";

    private const string Yaml = """
        server:
          encode: [br, gzip]
        routes:
          - path: /page
            file: page.html
            buffer_size: 4096
          - path: /tagged
            file: page.html
            headers: {ETag: '"v1"'}
          - path: ^/static/(?P<path>.*)$
            headers: {ETag: '"v1"'}
            directory: static
          - path: /image
            file: image.png
        """;

    private static Dictionary<string, string> Files() => new()
    {
        ["page.html"] = Page,
        ["image.png"] = Page,
        ["static/app.css"] = Css,
        ["static/short.txt"] = "short",
        ["outside/app.css.br"] = "not a sibling",
    };

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task File_CompressedOnTheFlyAndStreamed(string coding)
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        var (response, chunks) = await GetAsync(app, "/page", coding);
        Assert.Equal(200, response.Status);
        Assert.Equal(coding, response.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal("text/html", response.Header("Content-Type"));
        Assert.NotNull(response.Header("Last-Modified"));
        Assert.Null(response.Header("Content-Length"));
        Assert.Null(response.Header("Accept-Ranges"));
        Assert.True(response.Chunked);
        Assert.Equal(Page, CodedExchange.DecodeText(coding, response.BodyBytes));

        // buffer_size 4096: the file went out as it was read, one flushed piece per chunk.
        Assert.True(chunks > Page.Length / 4096, $"{chunks} chunks");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task File_PrecompressedSiblingIsSent(string coding)
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        var sibling = Path.Combine(app.Folder, "static", coding == "br" ? "app.css.br" : "app.css.gz");
        var compressed = Encode(coding, Css);
        await File.WriteAllBytesAsync(sibling, compressed);
        File.SetLastWriteTimeUtc(sibling, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

        var (response, _) = await GetAsync(app, "/static/app.css", coding);
        Assert.Equal(coding, response.Header("Content-Encoding"));
        Assert.Equal("text/css", response.Header("Content-Type"));
        Assert.Equal(compressed.Length.ToString(), response.Header("Content-Length"));
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", response.Header("Last-Modified"));
        Assert.Equal($"\"v1-{coding}\"", response.Header("ETag"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Null(response.Header("Accept-Ranges"));
        Assert.Equal(compressed, response.BodyBytes);

        // The same file to a client without the coding: the original, its own ETag.
        var (plain, _) = await GetAsync(app, "/static/app.css", null);
        Assert.Null(plain.Header("Content-Encoding"));
        Assert.Equal("\"v1\"", plain.Header("ETag"));
        Assert.Equal("Accept-Encoding", plain.Header("Vary"));
        Assert.Equal(Css, plain.Body);
    }

    [Fact]
    public async Task File_SiblingLinkingOutOfTheFolderIsNotSent()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        File.CreateSymbolicLink(Path.Combine(app.Folder, "static", "app.css.br"), Path.Combine(app.Folder, "outside", "app.css.br"));
        var (response, _) = await GetAsync(app, "/static/app.css", "br");

        // app.css is below encode_min_length: without a usable sibling it goes as it is.
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal(Css, response.Body);
    }

    [Fact]
    public async Task File_SiblingOfAMissingFileIsNotSent()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        await File.WriteAllBytesAsync(Path.Combine(app.Folder, "page.html.br"), Encode("br", Page));
        File.Delete(Path.Combine(app.Folder, "page.html"));
        var (response, _) = await GetAsync(app, "/page", "br");
        Assert.Equal(404, response.Status);
        Assert.Null(response.Header("Content-Encoding"));
    }

    [Fact]
    public async Task File_ShortFileWithoutSiblingIsSentAsIs()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        var (response, _) = await GetAsync(app, "/static/short.txt", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal("5", response.Header("Content-Length"));
        Assert.Equal("short", response.Body);
    }

    [Fact]
    public async Task File_RangeRequestGetsTheFileAsItIs()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        await File.WriteAllBytesAsync(Path.Combine(app.Folder, "static", "app.css.br"), Encode("br", Css));
        foreach (var path in new[] { "/page", "/static/app.css" })
        {
            var (response, _) = await GetAsync(app, path, "br, gzip", "Range: bytes=0-9\r\n");
            Assert.Equal(206, response.Status);
            Assert.Null(response.Header("Content-Encoding"));
            Assert.Equal("Accept-Encoding", response.Header("Vary"));
            Assert.Equal(Encoding.UTF8.GetBytes(path == "/page" ? Page : Css)[..10], response.BodyBytes);
        }
    }

    [Fact]
    public async Task File_TaggedFileGetsAnETagPerCoding()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        Assert.Equal("\"v1-br\"", (await GetAsync(app, "/tagged", "br")).Response.Header("ETag"));
        Assert.Equal("\"v1-gzip\"", (await GetAsync(app, "/tagged", "gzip")).Response.Header("ETag"));
        Assert.Equal("\"v1\"", (await GetAsync(app, "/tagged", null)).Response.Header("ETag"));
    }

    [Fact]
    public async Task File_IncompressibleTypeIsSentAsIs()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        var (response, _) = await GetAsync(app, "/image", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Null(response.Header("Vary"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.Equal(Page, response.Body);
    }

    [Fact]
    public async Task File_HeadHasTheHeadersOfGet()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        var get = await CodedExchange.HeadOfAsync(app, "GET", "/page");
        var head = await CodedExchange.HeadOfAsync(app, "HEAD", "/page");
        Assert.Contains("Content-Encoding: br", get);
        Assert.Equal(get, head);
    }

    [Fact]
    public async Task File_Http10IsCompressedToTheClose()
    {
        await using var app = await TestApp.StartAsync(Yaml, Files());
        using var client = await app.ConnectAsync();
        await client.SendAsync("GET /page HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
        var data = await client.ReadAsync(ReadUntil.Close);
        Assert.True(WireResponse.TryParse(data, atEof: true, out var response, out _));
        Assert.Equal("gzip", response!.Header("Content-Encoding"));
        Assert.False(response.Chunked);
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal(Page, CodedExchange.DecodeText("gzip", response.BodyBytes));
    }

    private static async Task<(WireResponse Response, int Chunks)> GetAsync(TestApp app, string path, string? accept, string extra = "")
    {
        using var client = await app.ConnectAsync();
        var acceptLine = accept is null ? "" : $"Accept-Encoding: {accept}\r\n";
        await client.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n{acceptLine}{extra}Connection: close\r\n\r\n");
        var data = await client.ReadAsync(ReadUntil.Close);
        Assert.True(WireResponse.TryParse(data, atEof: true, out var response, out _), Encoding.Latin1.GetString(data));
        var body = Encoding.Latin1.GetString(data);
        var chunks = body.Split("\r\n").Count(line => line.Length is > 0 and <= 8 && line.All(Uri.IsHexDigit));
        return (response!, chunks);
    }

    private static byte[] Encode(string coding, string text)
    {
        using var buffer = new MemoryStream();
        using (Stream encoder = coding == "br" ? new BrotliStream(buffer, CompressionLevel.Optimal, true) : new GZipStream(buffer, CompressionLevel.Optimal, true))
        {
            encoder.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
