using System.Text.RegularExpressions;
using Tremolo.SpecTests.Config;
using Tremolo.SpecTests.Scaling;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;
using Tremolo.SpecTests.WebSocketEndToEnd;

namespace Tremolo.SpecTests.Schema;

/// <summary>
/// docs/schema.md "publish: pushing into a channel over HTTP": the page's YAML, as printed, is
/// served; a publish reaches every WebSocket member and SSE follower of the channel as
/// rendered (no member's format), lands in the history of a later joiner, answers 202, and the
/// page's token rule refuses a request without the token before anything is published.
/// </summary>
public sealed partial class Schema_Publish
{
    private const string Token = "X-Publish-Token: s3cret\r\n";

    [GeneratedRegex(@"^### publish: pushing into a channel over HTTP\n.*?^```yaml\n(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex DocumentedYaml();

    private static string Yaml()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schema.md")).ReplaceLineEndings("\n");
        return DocumentedYaml().Match(page) is { Success: true } match ? match.Groups["yaml"].Value : throw new InvalidOperationException("no publish YAML in schema.md");
    }

    /// <summary>POSTs <paramref name="body"/> as UTF-8 on a new connection and reads the answer.</summary>
    private static async Task<WireResponse> PostAsync(TestApp app, string target, string body, string headers = Token, string contentType = "text/plain")
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(body);
        using var connection = await WireConnection.OpenAsync(app);
        await connection.Client.SendAsync(System.Text.Encoding.Latin1.GetBytes(
            $"POST {target} HTTP/1.1\r\nHost: h\r\n{headers}Content-Type: {contentType}\r\nContent-Length: {utf8.Length}\r\n\r\n").Concat(utf8).ToArray());
        return await connection.Reader.ReadResponseAsync();
    }

    [Fact]
    public async Task PublishReachesEveryMemberAndFollower_AsRendered_Answering202()
    {
        await using var app = await TestApp.StartAsync(Yaml());
        using var alice = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        using var bob = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        using var elsewhere = await WsTestClient.ConnectAsync(app.Port, "/room/other");
        using var feed = await BrokerNodes.FollowAsync(app.Port, "/feed/dev");

        var answer = await PostAsync(app, "/api/rooms/dev/messages", "Deploy done ✓");
        Assert.Equal(("HTTP/1.1 202 Accepted", ""), (answer.StatusLine, answer.Body));
        Assert.Equal("Deploy done ✓", await alice.ReceiveTextAsync());
        Assert.Equal("Deploy done ✓", await bob.ReceiveTextAsync());
        Assert.Equal(["Deploy done ✓"], await BrokerNodes.EventsAsync(feed, 1));

        // A member's own message is formatted; the published one was not. The other room got nothing.
        await alice.SendTextAsync("hi");
        Assert.Equal($"Guest{alice.LocalPort}: hi", await bob.ReceiveTextAsync());
        await elsewhere.SendTextAsync("mine");
        Assert.Equal($"Guest{elsewhere.LocalPort}: mine", await elsewhere.ReceiveTextAsync());
    }

    [Fact]
    public async Task PublishedMessageIsInTheHistoryOfALaterJoiner()
    {
        await using var app = await TestApp.StartAsync(Yaml());
        using var member = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        Assert.Equal(202, (await PostAsync(app, "/api/rooms/dev/messages", "first")).Status);
        Assert.Equal("first", await member.ReceiveTextAsync());
        await member.SendTextAsync("second");
        Assert.Equal($"Guest{member.LocalPort}: second", await member.ReceiveTextAsync());

        using var joiner = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        Assert.Equal("first", await joiner.ReceiveTextAsync());
        Assert.Equal($"Guest{member.LocalPort}: second", await joiner.ReceiveTextAsync());
    }

    [Fact]
    public async Task TokenRuleRefusesBeforeAnythingIsPublished()
    {
        await using var app = await TestApp.StartAsync(Yaml());
        using var member = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        foreach (var headers in new[] { "", "X-Publish-Token: nope\r\n" })
        {
            var refused = await PostAsync(app, "/api/rooms/dev/messages", "forged", headers);
            Assert.Equal(("HTTP/1.1 403 Forbidden", "a valid X-Publish-Token header is needed\n"), (refused.StatusLine, refused.Body));
        }

        Assert.Equal(202, (await PostAsync(app, "/api/rooms/dev/messages", "real")).Status);
        Assert.Equal("real", await member.ReceiveTextAsync());
    }

    [Fact]
    public async Task MessageTemplateAndDecorations()
    {
        await using var app = await TestApp.StartAsync(Yaml());
        using var member = await WsTestClient.ConnectAsync(app.Port, "/room/ops");
        var answer = await PostAsync(app, "/api/rooms/ops/notice", "text=back+at+5", contentType: "application/x-www-form-urlencoded");
        Assert.Equal(("HTTP/1.1 200 OK", "text/plain", "room-ops", ""), (answer.StatusLine, answer.Header("Content-Type"), answer.Header("X-Published-To"), answer.Body));
        Assert.Equal("Notice: back at 5", await member.ReceiveTextAsync());
    }

    [Theory]
    [InlineData("/pub")]
    [InlineData("/pub?room=")]
    public async Task ChannelRenderingEmpty_Is500AndALogLine(string target)
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /pub
                publish: {channel: "{{ query.room }}", message: x}
            """);
        var response = await WireConnection.RequestAsync(app, $"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("HTTP/1.1 500 Internal Server Error", response.StatusLine);
        Assert.Contains("/pub: template: publish channel \"{{ query.room }}\" rendered empty", app.Log);
    }

    [Fact]
    public async Task BodyThatIsNotUtf8_Is400AndNothingIsPublished()
    {
        await using var app = await TestApp.StartAsync(Yaml());
        using var member = await WsTestClient.ConnectAsync(app.Port, "/room/dev");
        using var connection = await WireConnection.OpenAsync(app);
        await connection.Client.SendAsync(System.Text.Encoding.Latin1.GetBytes($"POST /api/rooms/dev/messages HTTP/1.1\r\nHost: h\r\n{Token}Content-Length: 2\r\n\r\n").Concat(new byte[] { 0xFF, 0xFE }).ToArray());
        var refused = await connection.Reader.ReadResponseAsync();
        Assert.Equal(("HTTP/1.1 400 Bad Request", "the body to publish is not UTF-8 text"), (refused.StatusLine, refused.Body));

        Assert.Equal(202, (await PostAsync(app, "/api/rooms/dev/messages", "valid")).Status);
        Assert.Equal("valid", await member.ReceiveTextAsync());
    }

    [Fact]
    public void MistakesAreReportedAtTheirPlace()
    {
        using var folder = new ConfigTestFolder();
        Assert.Equal(
            [
                "tremolo.yaml:3:14: publish needs a 'channel' (a template naming the channel): publish: {channel: \"room-{{ params.room }}\"}",
                "tremolo.yaml:5:27: unknown key 'mesage'; did you mean 'message'?",
                "tremolo.yaml:7:14: publish must be a mapping (key: value)",
                "tremolo.yaml:9:36: 'message' must be a single value, not a list",
                "tremolo.yaml:12:7: 'publish' is a route's body form; a rule cannot publish (give the route, or one of its methods, 'publish:')",
            ],
            folder.Errors("""
                routes:
                  - path: /a
                    publish: {message: x}
                  - path: /b
                    publish: {channel: c, mesage: x}
                  - path: /c
                    publish: room
                  - path: /d
                    publish: {channel: c, message: [1]}
                middleware:
                  request:
                    - publish: {channel: c}

                """));
    }
}
