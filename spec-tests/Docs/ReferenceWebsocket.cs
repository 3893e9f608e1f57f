using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// reference/websocket: the `You said: {message}` echo handler, and `raise NotFound` for a
/// plain request to it. Closing with a chosen code from the app has no YAML form.
/// </summary>
public sealed class ReferenceWebsocket : IAsyncLifetime
{
    private const string Yaml = """
        routes:
          - path: /ws
            websocket:
              mode: echo
              format: "You said: {{ message }}"
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Upgrade_ThenHello_IsAnsweredYouSaidHello()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /ws HTTP/1.1\r\nHost: localhost:8000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        var handshake = DocsWire.Normalise(Encoding.Latin1.GetString(await client.ReadAsync()));
        await client.SendAsync(WsCodec.Text("Hello"));
        var reply = await client.ReadAsync();

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: upgrade\r\n\r\n",
            handshake);
        Assert.Equal("\x81\x0fYou said: Hello", Encoding.Latin1.GetString(reply));
    }

    [Fact]
    public async Task PlainRequest_IsNotFound()
    {
        var answer = await DocsWire.AskAsync(_app, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 394\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n<!DOCTYPE html>", answer);
        Assert.EndsWith("<h1>Not Found</h1><p>Unable to find handler for /ws.</p><hr /><address title=\"Powered by Tremolo\">Tremolo</address></body></html><EOF>", answer);
    }
}
