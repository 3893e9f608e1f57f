using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>
/// `encode` on Server-Sent Events (RFC 9110 §8.4): the event stream is compressed as it goes
/// and every event is flushed through the coder, so a client decodes each one as it arrives,
/// long before the stream ends; a finished stream decodes whole, trailer and all.
/// </summary>
public sealed class Rfc9110_EncodedEventStreamTests
{
    private const string Yaml = """
        server:
          encode: [br, gzip]
        routes:
          - path: /ws
            websocket: {mode: broadcast, channel: news}
          - path: /feed
            sse:
              events:
                - {data: first}
                - {data: second, event: note}
              channel: news
          - path: /finite
            sse:
              events:
                - {data: one}
                - {data: two}
          - path: /plain
            encode: []
            sse:
              events:
                - {data: one}
        """;

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Sse_EachEventDecodesBeforeTheStreamEnds(string coding)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var feed = await app.ConnectAsync();
        await feed.SendAsync($"GET /feed HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {coding}\r\n\r\n");
        var reader = new EncodedStreamReader(feed, coding);
        var (head, events) = await reader.ReadUntilDecodedAsync("data: second\nevent: note\n\n");
        Assert.Contains($"\r\nContent-Encoding: {coding}\r\n", head);
        Assert.Contains("\r\nVary: Accept-Encoding\r\n", head);
        Assert.Contains("\r\nTransfer-Encoding: chunked", head);
        Assert.DoesNotContain("Content-Length", head);
        Assert.Equal("data: first\n\ndata: second\nevent: note\n\n", events);

        // A message published later reaches the open stream decodable at once.
        using var speaker = await WsTestClient.ConnectAsync(app.Port, "/ws");
        await speaker.SendTextAsync("third");
        Assert.Equal("third", await speaker.ReceiveTextAsync());
        (_, events) = await reader.ReadUntilDecodedAsync("data: third\n\n");
        Assert.Equal("data: first\n\ndata: second\nevent: note\n\ndata: third\n\n", events);
        Assert.False(feed.Eof);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Sse_FinishedStreamDecodesWhole(string coding)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/finite", coding);
        Assert.Equal(coding, response.Header("Content-Encoding"));
        using Stream decoder = coding == "br"
            ? new BrotliStream(new MemoryStream(response.BodyBytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(response.BodyBytes), CompressionMode.Decompress);
        using var text = new StreamReader(decoder);
        Assert.Equal("data: one\n\ndata: two\n\n", await text.ReadToEndAsync());
    }

    [Fact]
    public async Task Sse_RouteWithEncodeOffIsSentAsIs()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/plain", "br, gzip");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Null(response.Header("Vary"));
        Assert.Equal("data: one\n\n", response.Body);
    }

    [Fact]
    public async Task Sse_NoAcceptableCodingIsSentAsIsWithVary()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var response = await CodedExchange.GetAsync(app, "/finite", "identity");
        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal("data: one\n\ndata: two\n\n", response.Body);
    }
}
