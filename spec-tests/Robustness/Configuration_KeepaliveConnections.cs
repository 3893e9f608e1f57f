using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// configuration.md keepalive_connections: beyond the limit the oldest idle keep-alive
/// connection is closed (evicted); the newest ones keep working.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Configuration_KeepaliveConnections
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nC\r\nHello world!\r\n0\r\n\r\n";

    [Fact]
    public async Task TenIdleConnections_LimitFour_TheOldestSixAreEvicted()
    {
        await using var app = await TestApp.StartAsync("""
            server:
              keepalive_connections: 4
            routes:
              - path: /hello
                content_type: text/plain
                body: Hello world!
            """);
        var clients = new List<RawHttpClient>();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                var client = await app.ConnectAsync();
                clients.Add(client);
                await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
                Assert.Equal(Ok, Docs.DocsWire.Normalise(System.Text.Encoding.Latin1.GetString(await client.ReadAsync())));
            }

            foreach (var evicted in clients.Take(6))
            {
                Assert.Empty(await evicted.ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(30)));
                Assert.True(evicted.Eof);
            }
            foreach (var kept in clients.Skip(6))
            {
                Assert.False(kept.Eof);
                await kept.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
                Assert.Equal(Ok, Docs.DocsWire.Normalise(System.Text.Encoding.Latin1.GetString(await kept.ReadAsync())));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
