using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// RFC 7692 permessage-deflate over real sockets: off by default, negotiation (section 7.1),
/// compressed messages both ways (7.2), RSV1 rules (6), and the inflated size held to
/// max_payload_size while inflating.
/// </summary>
public sealed class Rfc7692_PermessageDeflateTests
{
    private const string Yaml = """
        server:
          ws_compression: true
        routes:
          - path: /ws
            websocket: {mode: echo}
          - path: /small
            websocket: {mode: echo, max_payload_size: 1000}
          - path: /dedicated
            websocket: {mode: echo, compression: dedicated}
          - path: /plain
            websocket: {mode: echo, compression: false}
          - path: /room
            websocket: {mode: broadcast}
        """;

    private static readonly string Text = string.Concat(Enumerable.Repeat("permessage-deflate squeezes repeated text; ", 200));

    private static string? AgreedExtension(WsTestClient client) =>
        client.Head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Sec-WebSocket-Extensions: ", StringComparison.Ordinal))?["Sec-WebSocket-Extensions: ".Length..];

    [Fact]
    public async Task OffByDefault_TheOfferIsDeclinedAndMessagesGoPlain()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - path: /ws\n    websocket: {mode: echo}\n");
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate; client_max_window_bits");
        Assert.Null(AgreedExtension(client));
        await client.SendTextAsync(Text);
        var frame = await client.ReceiveAsync();
        Assert.False(frame.Rsv1);
        Assert.Equal(Text, Encoding.UTF8.GetString(frame.Payload));
    }

    [Theory]
    // The shared compressor always asks for both no_context_takeover parameters (7.1.1).
    [InlineData("permessage-deflate; client_max_window_bits", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")]
    [InlineData("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10")]
    [InlineData("permessage-deflate; server_max_window_bits=\"12\"", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12")]
    // The first acceptable offer wins; unacceptable ones are skipped (7.1: declined, not failed).
    [InlineData("permessage-deflate; server_max_window_bits=8, permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")]
    [InlineData("x-webkit-deflate-frame, permessage-deflate; unknown_param, permessage-deflate; server_max_window_bits=9", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9")]
    [InlineData("permessage-deflate; server_no_context_takeover; server_no_context_takeover", null)]
    [InlineData("permessage-deflate; server_max_window_bits=16", null)]
    [InlineData("permessage-deflate; server_max_window_bits", null)]
    [InlineData("permessage-deflate; client_max_window_bits=07", null)]
    [InlineData("permessage-deflate; server_no_context_takeover=1", null)]
    [InlineData("permessage-deflate; =", null)]
    public async Task Negotiation_Section7_1(string offer, string? expected)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: offer);
        Assert.Equal(expected, AgreedExtension(client));
        await client.SendTextAsync("still a working socket");
        Assert.Equal("still a working socket", await client.ReceiveMessageTextAsync());
    }

    [Fact]
    public async Task Negotiation_OffersOnSeveralHeaderLinesAreOneList()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: ["permessage-deflate; bogus", "permessage-deflate; server_max_window_bits=11"]);
        Assert.EndsWith("server_max_window_bits=11", AgreedExtension(client));
    }

    [Fact]
    public async Task Negotiation_RouteSettingOverridesTheServerOption()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var plain = await WsTestClient.ConnectAsync(app.Port, "/plain", extensions: "permessage-deflate");
        Assert.Null(AgreedExtension(plain));
        using var dedicated = await WsTestClient.ConnectAsync(app.Port, "/dedicated", extensions: "permessage-deflate");
        Assert.Equal("permessage-deflate", AgreedExtension(dedicated));
        using var asked = await WsTestClient.ConnectAsync(app.Port, "/dedicated", extensions: "permessage-deflate; client_no_context_takeover; server_no_context_takeover");
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", AgreedExtension(asked));
    }

    [Fact]
    public async Task Section7_2_BothDirectionsCompressed_RSV1OnTheMessage()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");
        await client.SendCompressedTextAsync(Text);
        var frame = await client.ReceiveAsync();
        Assert.True(frame.Rsv1);
        Assert.True(frame.Payload.Length < Text.Length / 10, $"{frame.Payload.Length} bytes for {Text.Length}");
        Assert.Equal(Text, Encoding.UTF8.GetString(WsDeflate.Inflate(frame.Payload)));

        // An uncompressed message on a compressing connection is fine too (RSV1 is per message).
        byte[] binary = [0, 1, 2, 3, 255];
        await client.SendBinaryAsync(binary);
        var echoed = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Binary, true), (echoed.Opcode, echoed.Rsv1));
        Assert.Equal(binary, WsDeflate.Inflate(echoed.Payload));

        // Empty message and a BFINAL-terminated one (7.2.3.3).
        await client.SendCompressedTextAsync("");
        Assert.Equal("", await client.ReceiveMessageTextAsync());
        byte[] hello = [0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00];
        await client.SendFrameAsync(WsOpcode.Text, hello, rsv1: true);
        Assert.Equal("Hello", await client.ReceiveMessageTextAsync());
        await client.SendFrameAsync(WsOpcode.Text, hello, rsv1: true);
        Assert.Equal("Hello", await client.ReceiveMessageTextAsync());
    }

    [Fact]
    public async Task Section6_1_AFragmentedCompressedMessageHasRSV1OnlyOnItsFirstFrame()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");
        var compressed = WsDeflate.Compress(Encoding.UTF8.GetBytes(Text));
        var half = compressed.Length / 2;
        await client.SendFrameAsync(WsOpcode.Text, compressed[..half], rsv1: true, fin: false);
        await client.SendFrameAsync(WsOpcode.Ping, [7]);
        await client.SendFrameAsync(WsOpcode.Continuation, compressed[half..]);
        var pong = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Pong, false), (pong.Opcode, pong.Rsv1));
        Assert.Equal(Text, await client.ReceiveMessageTextAsync());
    }

    [Theory]
    [InlineData("continuation")]
    [InlineData("ping")]
    [InlineData("rsv2")]
    [InlineData("not agreed")]
    public async Task Section6_ReservedBitsOutOfPlaceClose1002(string where)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, where == "not agreed" ? "/plain" : "/ws", extensions: "permessage-deflate");
        var compressed = WsDeflate.Compress("abc"u8.ToArray());
        switch (where)
        {
            case "continuation":
                await client.SendFrameAsync(WsOpcode.Text, compressed[..1], rsv1: true, fin: false);
                await client.SendFrameAsync(WsOpcode.Continuation, compressed[1..], rsv1: true);
                break;
            case "ping":
                await client.SendFrameAsync(WsOpcode.Ping, [1], rsv1: true);
                break;
            case "rsv2":
                await client.SendFrameAsync(WsOpcode.Text, compressed, rsv1: true, reserved: 0x20);
                break;
            default:
                await client.SendFrameAsync(WsOpcode.Text, compressed, rsv1: true);
                break;
        }

        var close = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Close, 1002, false), (close.Opcode, close.CloseCode, close.Rsv1));
    }

    [Fact]
    public async Task InflatedSizeCountsAgainstMaxPayloadSize_SmallFrameBigInflationCloses1009()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/small", extensions: "permessage-deflate");
        await client.SendCompressedTextAsync(new string('a', 1000));
        Assert.Equal(1000, (await client.ReceiveMessageTextAsync()).Length);

        // 1001 zeros: a few bytes on the wire, one byte over the limit once inflated.
        var bomb = WsDeflate.Compress(new byte[1001]);
        Assert.True(bomb.Length < 100);
        await client.SendFrameAsync(WsOpcode.Binary, bomb, rsv1: true);
        var close = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Close, 1009), (close.Opcode, close.CloseCode));
    }

    [Fact]
    public async Task InflateBomb_GigabyteOfZerosIsRefusedWith1009()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");

        // 1 GiB of zeros as deflate: 1 MiB of zeros compresses to ~1 KiB; 1024 copies of that
        // block, stored back to back with sync flushes between them, inflate to 1 GiB.
        var block = WsDeflate.Compress(new byte[1 << 20]);
        var bomb = new byte[(block.Length + 4) * 1024];
        for (var i = 0; i < 1024; i++)
        {
            block.CopyTo(bomb, i * (block.Length + 4));
            WsDeflate.Tail.CopyTo(bomb, i * (block.Length + 4) + block.Length);
        }

        Assert.True(bomb.Length < 2 * 1048576, $"{bomb.Length} bytes on the wire fit the 2 MiB limit");
        await client.SendFrameAsync(WsOpcode.Binary, bomb, rsv1: true);
        var close = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((WsOpcode.Close, 1009), (close.Opcode, close.CloseCode));
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff })]
    public async Task CorruptDeflateDataCloses1007(byte[] garbage)
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");
        await client.SendFrameAsync(WsOpcode.Text, garbage, rsv1: true);
        var close = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Close, 1007), (close.Opcode, close.CloseCode));
    }

    [Fact]
    public async Task InvalidUtf8InsideACompressedTextCloses1007()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");
        await client.SendFrameAsync(WsOpcode.Text, WsDeflate.Compress([0x61, 0xC3, 0x28]), rsv1: true);
        var close = await client.ReceiveAsync();
        Assert.Equal((WsOpcode.Close, 1007), (close.Opcode, close.CloseCode));
    }

    [Fact]
    public async Task Dedicated_ContextIsTakenOverBetweenMessages()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/dedicated", extensions: "permessage-deflate");

        // Letters at random: little to gain within one message, everything from the one before.
        var random = new Random(7692);
        var text = new string(Enumerable.Range(0, 3000).Select(_ => (char)('a' + random.Next(26))).ToArray());
        await client.SendCompressedTextAsync(text);
        var first = await client.ReceiveAsync();
        await client.SendTextAsync(text);
        var second = await client.ReceiveAsync();
        Assert.True(first.Rsv1 && second.Rsv1);

        // The second refers back to the first: much shorter, and only inflatable after it.
        Assert.True(second.Payload.Length < first.Payload.Length / 10, $"{second.Payload.Length} vs {first.Payload.Length}");
        var both = WsDeflate.InflateRaw([.. first.Payload, .. WsDeflate.Tail, .. second.Payload, .. WsDeflate.Tail]);
        Assert.Equal(text + text, Encoding.UTF8.GetString(both));
    }

    [Fact]
    public async Task Shared_EveryMessageStandsAlone()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await WsTestClient.ConnectAsync(app.Port, "/ws", extensions: "permessage-deflate");
        for (var i = 0; i < 3; i++)
        {
            await client.SendTextAsync(Text);
            var frame = await client.ReceiveAsync();
            Assert.Equal(Text, Encoding.UTF8.GetString(WsDeflate.Inflate(frame.Payload)));
        }
    }

    [Fact]
    public async Task Broadcast_MembersWithAndWithoutCompressionGetTheSameMessage()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var compressedA = await WsTestClient.ConnectAsync(app.Port, "/room", extensions: "permessage-deflate");
        using var compressedB = await WsTestClient.ConnectAsync(app.Port, "/room", extensions: "permessage-deflate");
        using var plain = await WsTestClient.ConnectAsync(app.Port, "/room");
        await plain.SendTextAsync(Text);
        var a = await compressedA.ReceiveAsync();
        var b = await compressedB.ReceiveAsync();
        var p = await plain.ReceiveAsync();
        Assert.True(a.Rsv1 && b.Rsv1 && !p.Rsv1);
        Assert.Equal(a.Payload, b.Payload);
        Assert.Equal(Text, Encoding.UTF8.GetString(WsDeflate.Inflate(a.Payload)));
        Assert.Equal(Text, Encoding.UTF8.GetString(p.Payload));
    }
}
