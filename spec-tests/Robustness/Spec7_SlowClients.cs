using System.Diagnostics;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// SPEC 7, configuration.md request_timeout: a client that sends part of a head and stalls,
/// and a slowloris that keeps trickling bytes, are both cut at request_timeout with the bare
/// 408; a client that stops reading a large response does not hold up anyone else.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Spec7_SlowClients : IAsyncLifetime
{
    private const int Mebibyte = 1 << 20;

    private static readonly string Yaml = Spec7_RequestTimeout_SilentClients.Yaml + $"""

          - path: /big
            content_type: text/plain
            body: {new string('x', Mebibyte)}
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PartialHeadThenStall_Gets408()
    {
        using var client = await _app.ConnectAsync();
        var start = Stopwatch.StartNew();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\nUser-Ag");

        var answer = await client.ReadToCloseAsync(TimeSpan.FromSeconds(6));

        Assert.Equal(Spec7_RequestTimeout_SilentClients.Timeout408, answer);
        Assert.True(client.Eof);
        Assert.InRange(start.Elapsed.TotalSeconds, 1.9, 3.5);
    }

    [Fact]
    public async Task Slowloris_OneByteEvery100ms_IsCutAtRequestTimeout()
    {
        // The server's clock starts at accept: started before connecting, ours cannot run behind it.
        var start = Stopwatch.StartNew();
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n");
        var reading = client.ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(8));

        // 80 bytes at 10 per second would take 8 s: twice as long as the server may wait.
        foreach (char c in "X-Slow: " + new string('a', 72))
        {
            if (reading.IsCompleted)
                break;
            try
            {
                await client.SendAsync(c.ToString());
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                break;
            }
            await Task.Delay(100);
        }
        var answer = Encoding.Latin1.GetString(await reading);

        Assert.Equal(Spec7_RequestTimeout_SilentClients.Timeout408, answer);
        Assert.True(client.Eof);
        Assert.InRange(start.Elapsed.TotalSeconds, 1.9, 3.6);
    }

    [Fact]
    public async Task ClientThatStopsReadingABigResponse_DoesNotBlockOthers()
    {
        int baseline = OpenSockets.Count();
        using (var stuck = await _app.ConnectAsync())
        {
            // 32 MiB asked for, none read: far more than the socket buffers hold.
            await stuck.SendAsync(string.Concat(Enumerable.Repeat("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n", 32)));
            await Task.Delay(500);

            for (int i = 0; i < 5; i++)
            {
                var served = Stopwatch.StartNew();
                var answer = Docs.DocsWire.Normalise(await _app.ExchangeAsync("GET /hello HTTP/1.0\r\n\r\n", ReadUntil.Close));
                Assert.Equal("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!", answer);
                Assert.True(served.Elapsed < TimeSpan.FromSeconds(1), $"served in {served.Elapsed}");
            }

            // A send stalled for request_timeout ends the connection: the stuck client gets less than it asked for.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var drained = await stuck.ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(5));
            Assert.True(stuck.Eof);
            Assert.InRange(drained.Length, 1, 32L * Mebibyte - 1);
        }

        int settled = await OpenSockets.SettleAtMostAsync(baseline + 2, TimeSpan.FromSeconds(10));
        Assert.True(settled <= baseline + 2, $"{settled} sockets open, {baseline} before");
    }
}
