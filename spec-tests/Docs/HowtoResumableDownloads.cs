using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// how-to/resumable-downloads.md: `response.sendfile(path, content_type='video/mp4')` then
/// `return True` (keep-alive), asked for in full and for `Range: bytes=500-999`.
/// </summary>
public sealed class HowtoResumableDownloads : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /download/myvideo.mp4
            file: myvideo.mp4
            content_type: video/mp4
        """;

    // 2000 bytes, all ASCII so TestApp can write them as text: byte i is '!' + i % 90.
    private static readonly string Video = new([.. Enumerable.Range(0, 2000).Select(i => (char)('!' + i % 90))]);

    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(Yaml, new Dictionary<string, string> { ["myvideo.mp4"] = Video });
        File.SetLastWriteTimeUtc(Path.Combine(_app.Folder, "myvideo.mp4"), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WholeFile_AdvertisesRanges()
        => Assert.Equal(
            "HTTP/1.1 200 OK\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: 2000\r\nAccept-Ranges: bytes\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: keep-alive\r\nContent-Type: video/mp4\r\n\r\n" + Video,
            await DocsWire.AskAsync(_app, "GET /download/myvideo.mp4 HTTP/1.1\r\nHost: x\r\n\r\n"));

    [Fact]
    public async Task Range500To999_IsPartialContent()
        => Assert.Equal(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: 500\r\nContent-Range: bytes 500-999/2000\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: keep-alive\r\nContent-Type: video/mp4\r\n\r\n" + Video[500..1000],
            await DocsWire.AskAsync(_app, "GET /download/myvideo.mp4 HTTP/1.1\r\nHost: x\r\nRange: bytes=500-999\r\n\r\n"));
}
