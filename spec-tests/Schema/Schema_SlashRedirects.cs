using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.Schema;

/// <summary>
/// docs/schema.md: a `directory:` folder asked for without its trailing slash, and a mounted
/// app's index asked for as the bare prefix, are 301 redirects to the '/' form (as every
/// static server does), so relative links in the page resolve under the folder; a `file:`
/// without content_type is named by its extension, so a page is shown, not downloaded.
/// </summary>
public sealed class Schema_SlashRedirects : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /docs
            directory: public
          - path: /plain
            body: plain
        mount:
          - prefix: /admin
            app:
              middleware:
                request:
                  - when: "headers['x-admin-token'] != 'secret'"
                    status: 403
                    body: send X-Admin-Token
              routes:
                - {path: /, body: welcome}
          - prefix: /bare
            app:
              routes:
                - {path: /x, body: x}
        """;

    private static readonly Dictionary<string, string> Files = new()
    {
        ["public/index.html"] = "<a href=\"style.css\">css</a>",
        ["public/style.css"] = "p {}",
        ["public/sub/index.html"] = "sub",
    };

    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml, Files);

    public Task DisposeAsync() => _app?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [Theory]
    [InlineData("/docs", "/docs/")]
    [InlineData("/docs?v=1", "/docs/?v=1")]
    [InlineData("/docs/sub", "/docs/sub/")]
    public async Task DirectoryFolderWithoutSlash_RedirectsToTheSlashForm(string target, string location)
    {
        var response = await WireConnection.RequestAsync(App, $"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 301 Moved Permanently", location), (response.StatusLine, response.Header("Location")));
    }

    [Theory]
    [InlineData("/docs/", "<a href=\"style.css\">css</a>")]
    [InlineData("/docs/sub/", "sub")]
    [InlineData("/docs/style.css", "p {}")]
    public async Task DirectoryWithSlashOrAFile_IsServed(string target, string body)
    {
        var response = await WireConnection.RequestAsync(App, $"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", body), (response.StatusLine, response.Body));
    }

    [Fact]
    public async Task MountedIndexWithoutSlash_KeepsTheGuardThenRedirects()
    {
        var refused = await WireConnection.RequestAsync(App, "GET /admin HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 403 ", refused.StatusLine);
        var redirected = await WireConnection.RequestAsync(App, "GET /admin?a=1 HTTP/1.1\r\nHost: h\r\nX-Admin-Token: secret\r\n\r\n");
        Assert.Equal(("HTTP/1.1 301 Moved Permanently", "/admin/?a=1"), (redirected.StatusLine, redirected.Header("Location")));
        var index = await WireConnection.RequestAsync(App, "GET /admin/?a=1 HTTP/1.1\r\nHost: h\r\nX-Admin-Token: secret\r\n\r\n");
        Assert.Equal(("HTTP/1.1 200 OK", "welcome"), (index.StatusLine, index.Body));
    }

    [Fact]
    public async Task MountedBuiltinIndexWithoutSlash_RedirectsToIts503()
    {
        var response = await WireConnection.RequestAsync(App, "GET /bare HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 301 Moved Permanently", "/bare/"), (response.StatusLine, response.Header("Location")));
    }

    [Theory]
    [InlineData("POST /admin HTTP/1.1\r\nHost: h\r\nX-Admin-Token: secret\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")]
    public async Task OnlyGetAndHeadOfAPathThatWouldMatch_AreRedirected(string request)
    {
        var response = await WireConnection.RequestAsync(App, request);
        Assert.StartsWith("HTTP/1.1 404 ", response.StatusLine);
    }

    [Theory]
    [InlineData("/page", "text/html")]
    [InlineData("/blob", "application/octet-stream")]
    [InlineData("/typed", "text/plain")]
    public async Task FileWithoutContentType_IsNamedByItsExtension(string target, string contentType)
    {
        await using var app = await TestApp.StartAsync(
            "routes:\n  - {path: /page, file: chat.html}\n  - {path: /blob, file: blob.bin}\n  - {path: /typed, file: chat.html, content_type: text/plain}\n",
            new Dictionary<string, string> { ["chat.html"] = "<p>chat</p>", ["blob.bin"] = "x" });
        var response = await WireConnection.RequestAsync(app, $"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(contentType, response.Header("Content-Type"));
    }

    [Fact]
    public async Task ShippedStaticApp_RedirectsDocs()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "apps", "static", "tremolo.yaml"));
        var folder = Path.Combine(RepositoryPaths.Root, "apps", "static");
        await using var app = await TestApp.StartAsync(yaml.Replace("public/docs", Path.Combine(folder, "public", "docs")).Replace("public/notes.txt", Path.Combine(folder, "public", "notes.txt")));
        var response = await WireConnection.RequestAsync(app, "GET /docs HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 301 Moved Permanently", "/docs/"), (response.StatusLine, response.Header("Location")));
    }
}
