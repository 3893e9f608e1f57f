using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// configuration.md request_timeout, SPEC 7: 200 clients connect and send nothing. Others are
/// served meanwhile; after request_timeout each silent one gets Tremolo's bare 408 and is
/// closed, and the server holds no socket for them any more. On the server's virtual clock.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Spec7_RequestTimeout_SilentClients
{
    private const int Silent = 200;

    public const string Timeout408 = "HTTP/1.0 408 Request Timeout\r\nContent-Type: text/html; charset=utf-8\r\n\r\nrequest timeout after 2s";

    public const string Yaml = """
        server:
          request_timeout: 2
        routes:
          - path: /hello
            content_type: text/plain
            body: Hello world!
        """;

    [Fact]
    public async Task TwoHundredSilentClients_Get408AfterTwoSeconds_WhileOthersAreServed()
    {
        var clock = new FakeTimeProvider();
        await using var app = await TestApp.StartAsync(Yaml, time: clock);
        int baseline = OpenSockets.Count();

        var clients = new List<RawHttpClient>();
        try
        {
            for (int i = 0; i < Silent; i++)
                clients.Add(await app.ConnectAsync());

            // While they sit there (the clock standing still): other clients are answered. Connections
            // are accepted in order, so the silent ones' deadlines are running once these are.
            for (int i = 0; i < 10; i++)
            {
                var answer = DocsDate(await app.ExchangeAsync("GET /hello HTTP/1.0\r\n\r\n", ReadUntil.Close));
                Assert.Equal("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!", answer);
            }

            var answers = Task.WhenAll(clients.Select(async c =>
                (Text: Encoding.Latin1.GetString(await c.ReadAsync(ReadUntil.Close, timeout: VirtualTime.RealPatience)), c.Eof)));
            await clock.AdvanceAsync(TimeSpan.FromSeconds(1.9));
            Assert.True(await VirtualTime.StillRunningAsync(answers), "cut before 1.9 s");
            Assert.All(clients, c => Assert.False(c.Eof));
            await clock.AdvanceUntilAsync(answers, TimeSpan.FromSeconds(0.3));

            Assert.All(await answers, a =>
            {
                Assert.Equal(Timeout408, a.Text);
                Assert.True(a.Eof);
            });
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }

        int settled = await OpenSockets.SettleAtMostAsync(baseline + 2, TimeSpan.FromSeconds(10));
        Assert.True(settled <= baseline + 2, $"{settled} sockets open, {baseline} before");
    }

    private static string DocsDate(string answer) => Docs.DocsWire.Normalise(answer);
}
