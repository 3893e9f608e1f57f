using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// SPEC 7, configuration.md request_timeout: a client that sends part of a head and stalls,
/// and a slowloris that keeps trickling bytes, are both cut at request_timeout with the bare
/// 408; a client that stops reading a large response does not hold up anyone else. On the
/// server's virtual clock.
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

    private readonly FakeTimeProvider _clock = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml, time: _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// Returns once the server took in every connection made before: connections are accepted in
    /// order, so one answered after them proves it (and their deadlines are running).
    /// </summary>
    private async Task AcceptedAsync() => Assert.StartsWith("HTTP/1.0 200 OK", await _app.ExchangeAsync("GET /hello HTTP/1.0\r\n\r\n", ReadUntil.Close));

    [Fact]
    public async Task PartialHeadThenStall_Gets408()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\nUser-Ag");
        await AcceptedAsync();
        var answer = client.ReadToCloseAsync(VirtualTime.RealPatience);

        await _clock.AdvanceAsync(TimeSpan.FromSeconds(1.9));
        Assert.True(await VirtualTime.StillRunningAsync(answer), "cut before 1.9 s");
        await _clock.AdvanceUntilAsync(answer, TimeSpan.FromSeconds(0.3));

        Assert.Equal(Spec7_RequestTimeout_SilentClients.Timeout408, await answer);
        Assert.True(client.Eof);
    }

    [Fact]
    public async Task Slowloris_OneByteEvery100ms_IsCutAtRequestTimeout()
    {
        using var client = await _app.ConnectAsync();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n");
        await AcceptedAsync();
        var reading = client.ReadAsync(ReadUntil.Close, timeout: VirtualTime.RealPatience);

        // 80 bytes at 10 per (virtual) second would take 8 s: the server waits 2 s for the whole head.
        var trickled = 0;
        foreach (char c in "X-Slow: " + new string('a', 72))
        {
            if (reading.IsCompleted || trickled == 21)
                break;
            await client.SendAsync(c.ToString());
            _clock.Advance(VirtualTime.Step);
            trickled++;
            await Task.WhenAny(reading, Task.Delay(20));
        }
        var answer = Encoding.Latin1.GetString(await reading);

        Assert.InRange(trickled, 19, 21);
        Assert.Equal(Spec7_RequestTimeout_SilentClients.Timeout408, answer);
        Assert.True(client.Eof);
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

            // The clock stands still, so the stuck connection is not dropped yet: the others are served beside it.
            for (int i = 0; i < 5; i++)
            {
                var answer = Docs.DocsWire.Normalise(await _app.ExchangeAsync("GET /hello HTTP/1.0\r\n\r\n", ReadUntil.Close));
                Assert.Equal("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!", answer);
            }

            // A send stalled for request_timeout ends the connection: the stuck client gets less than it asked for.
            await _clock.AdvanceUntilAsync(() => _app.Log.Contains("send timeout", StringComparison.Ordinal), TimeSpan.FromSeconds(6));
            var drained = await stuck.ReadAsync(ReadUntil.Close, timeout: VirtualTime.RealPatience);
            Assert.True(stuck.Eof);
            Assert.InRange(drained.Length, 1, 32L * Mebibyte - 1);
        }

        int settled = await OpenSockets.SettleAtMostAsync(baseline + 2, TimeSpan.FromSeconds(10));
        Assert.True(settled <= baseline + 2, $"{settled} sockets open, {baseline} before");
    }
}
