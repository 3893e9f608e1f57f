using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

public class Rfc6455_4_OpeningHandshakeTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string Date = "Tue, 24 Nov 2026 00:00:00 GMT";

    [Fact]
    public void Rfc6455_4_2_2_AcceptKeyIsTheRfcExample() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ComputeAccept(Key));

    [Fact]
    public void Rfc6455_4_2_2_AcceptHashIsSha1ForEveryLength()
    {
        // The handshake's own SHA-1 (Sha1.cs) against the platform's, over every padding case:
        // empty, within one block, the 55/56/64-byte edges, several blocks.
        var random = new Random(6455);
        for (var length = 0; length <= 300; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);
            var hash = new byte[Sha1.HashSizeInBytes];
            Sha1.HashData(input, hash);
            Assert.Equal(System.Security.Cryptography.SHA1.HashData(input), hash);
        }
    }

    [Fact]
    public async Task Rfc6455_4_2_2_SwitchingProtocolsHeadIsTremolos()
    {
        // parity/cases/websocket/handshake.expected, Date filled in.
        const string expected =
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
            "Date: Tue, 24 Nov 2026 00:00:00 GMT\r\n" +
            "Server: Tremolo\r\n" +
            "Connection: upgrade\r\n" +
            "\r\n";
        Assert.Equal(expected, await HeadAsync("Tremolo"));
    }

    [Fact]
    public async Task Rfc6455_4_2_2_EmptyServerNameLeavesServerOut() =>
        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
            $"Date: {Date}\r\nConnection: upgrade\r\n\r\n",
            await HeadAsync(""));

    [Fact]
    public async Task Rfc6455_4_2_2_HeadersSetByRequestRulesComeFirst() =>
        Assert.StartsWith(
            "HTTP/1.1 101 Switching Protocols\r\nX-Room: lobby\r\nSet-Cookie: a=b\r\nUpgrade: websocket\r\n",
            await HeadAsync("Tremolo", [new("X-Room", "lobby"), new("Set-Cookie", "a=b")]));

    [Theory]
    [InlineData("websocket", "Upgrade")]
    [InlineData("WebSocket", "upgrade")]
    [InlineData("websocket", "keep-alive, Upgrade")]
    public void Rfc6455_4_2_1_ValidUpgradeIsAccepted(string upgrade, string connection) =>
        Assert.Equal(HandshakeDecision.Accept, WebSocketHandshake.Evaluate("GET", "1.1", false, upgrade, connection, Key, "13"));

    [Theory]
    [InlineData(false, "websocket", null)]
    [InlineData(false, null, Key)]
    [InlineData(false, "h2c", Key)]
    [InlineData(true, "websocket", Key)]
    public void Rfc6455_4_2_1_WhatTremoloDoesNotUpgradeIsAPlainRequest(bool hasBody, string? upgrade, string? key) =>
        Assert.Equal(HandshakeDecision.NotWebSocket, WebSocketHandshake.Evaluate("GET", "1.1", hasBody, upgrade, "Upgrade", key, "13"));

    [Theory]
    [InlineData("POST", "1.1", "Upgrade", Key)]
    [InlineData("GET", "1.0", "Upgrade", Key)]
    [InlineData("GET", "1.1", null, Key)]
    [InlineData("GET", "1.1", "keep-alive", Key)]
    [InlineData("GET", "1.1", "Upgrade", "not-a-key")]
    [InlineData("GET", "1.1", "Upgrade", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Rfc6455_4_2_1_MalformedUpgradeIsBadRequest(string method, string version, string? connection, string key) =>
        Assert.Equal(HandshakeDecision.BadRequest, WebSocketHandshake.Evaluate(method, version, false, "websocket", connection, key, "13"));

    [Theory]
    [InlineData("8")]
    [InlineData(null)]
    public void Rfc6455_4_4_OtherVersionIsUpgradeRequired(string? version) =>
        Assert.Equal(HandshakeDecision.UpgradeRequired, WebSocketHandshake.Evaluate("GET", "1.1", false, "websocket", "Upgrade", Key, version));

    /// <summary>The 101 head our engine sends for the RFC's example key, Date replaced by <see cref="Date"/>.</summary>
    private static async Task<string> HeadAsync(string serverName, IEnumerable<KeyValuePair<string, string>>? preceding = null)
    {
        var rules = preceding is null
            ? ""
            : "middleware:\n  request:\n    - headers:\n" + string.Concat(preceding.Select(h => $"        - [\"{h.Key}\", \"{h.Value}\"]\n"));
        var yaml = $"server:\n  server_name: \"{serverName}\"\n{rules}routes:\n  - path: /ws\n    websocket: {{mode: echo}}\n";
        await using var app = await TestApp.StartAsync(yaml);
        using var client = await app.ConnectAsync();
        await client.SendAsync($"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        var head = Encoding.Latin1.GetString(await client.ReadAsync());
        return Regex.Replace(head, "\r\nDate: [^\r]*", $"\r\nDate: {Date}");
    }
}
