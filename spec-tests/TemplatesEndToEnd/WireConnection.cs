using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>A raw connection to a <see cref="TestApp"/> that reads whole responses and WebSocket frames.</summary>
internal sealed class WireConnection : IDisposable
{
    private WireConnection(RawHttpClient client)
    {
        Client = client;
        Reader = new WireReader(client);
    }

    public RawHttpClient Client { get; }

    public WireReader Reader { get; }

    /// <summary>The client's own port, as the server sees it in request.client.port.</summary>
    public int LocalPort => Client.LocalPort;

    public static async Task<WireConnection> OpenAsync(TestApp app) => new(await app.ConnectAsync());

    /// <summary>Opens a connection, sends one raw request and reads its response.</summary>
    public static async Task<WireResponse> RequestAsync(TestApp app, string raw)
    {
        using var connection = await OpenAsync(app);
        return await connection.RequestAsync(raw);
    }

    public Task SendAsync(string latin1) => Client.SendAsync(latin1);

    public async Task<WireResponse> RequestAsync(string raw)
    {
        await Client.SendAsync(raw);
        return await Reader.ReadResponseAsync();
    }

    /// <summary>The opening handshake on <paramref name="target"/>; asserts the 101.</summary>
    public async Task UpgradeAsync(string target, string extraHeaders = "")
    {
        var response = await RequestAsync(
            $"GET {target} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n");
        Assert.Equal(101, response.Status);
    }

    public Task SendTextAsync(string text) => Client.SendAsync(WsCodec.Text(text));

    public Task<string> ReadTextAsync() => Reader.ReadTextAsync();

    public void Dispose() => Client.Dispose();
}
