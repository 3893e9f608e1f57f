using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// Attack: the event-stream format (HTML Living Standard, "Parsing an event stream") ends a
/// line at CR, LF or CRLF. A broadcast message or a data template holding a bare CR must
/// become more `data:` lines, never an `event:`/`id:` field of the attacker's choosing.
/// </summary>
public sealed class EventStream_LineBreakInjection
{
    private const string Yaml = """
        routes:
          - path: /ws
            websocket: {mode: broadcast, channel: chat}
          - path: /feed
            sse: {channel: chat}
          - path: /once
            sse:
              events:
                - {data: "{{ query.text }}", event: note}
        """;

    [Theory]
    [InlineData("hi\revent: evil\rid: 666", "data: hi\ndata: event: evil\ndata: id: 666\n\n")]
    [InlineData("hi\nevent: evil", "data: hi\ndata: event: evil\n\n")]
    [InlineData("hi\r\nid: 1\r\rx", "data: hi\ndata: id: 1\ndata: \ndata: x\n\n")]
    [InlineData("\r\nhi\r", "data: hi\n\n")]
    public async Task ChannelMessage_LineBreaksOnlyMakeDataLines(string message, string expected)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var feed = await app.ConnectAsync();
        await feed.SendAsync($"GET /feed HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\n\r\n");
        await feed.ReadAsync(ReadUntil.Idle);
        using var speaker = await WsTestClient.ConnectAsync(app.Port, "/ws");

        await speaker.SendTextAsync(message);
        Assert.Equal(message, await speaker.ReceiveTextAsync());

        var chunk = Encoding.UTF8.GetString(await feed.ReadAsync(ReadUntil.Idle));
        Assert.Equal($"{Encoding.UTF8.GetByteCount(expected):X}\r\n{expected}\r\n", chunk);
    }

    [Fact]
    public async Task DataTemplate_BareCrFromTheQueryIsADataLine()
    {
        await using var app = await TestApp.StartAsync(Yaml);

        var answer = await app.ExchangeAsync("GET /once?text=hi%0Devent:%20evil%0Did:%20666 HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Contains("\r\ndata: hi\ndata: event: evil\ndata: id: 666\nevent: note\n\n\r\n", answer);
        Assert.DoesNotContain("\revent", answer);
    }
}

/// <summary>The same attack at load time: a static `event:` or `id:` with a line break is a config error with its position.</summary>
public sealed class EventStream_LineBreakInEventOrId : IDisposable
{
    private readonly Config.ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("event", "\"a\\rid: 1\"")]
    [InlineData("id", "\"1\\nevent: x\"")]
    public void LineBreakInEventOrIdIsAConfigError(string key, string value)
    {
        var yaml = $"routes:\n  - path: /s\n    sse:\n      events:\n        - {{data: d, {key}: {value}}}\n";

        var error = Assert.Single(_folder.Errors(yaml));
        Assert.Matches($@"^tremolo\.yaml:5:\d+: '{key}' cannot contain a line break \(CR or LF\)$", error);
    }
}
