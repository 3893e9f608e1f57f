using System.Diagnostics;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// configuration.md request_timeout, SPEC 7: 200 clients connect and send nothing. Others are
/// served meanwhile; after request_timeout each silent one gets Tremolo's bare 408 and is
/// closed, and the server holds no socket for them any more.
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
        await using var app = await TestApp.StartAsync(Yaml);
        int baseline = OpenSockets.Count();

        var clients = new List<(RawHttpClient Client, long ConnectedAt)>();
        try
        {
            for (int i = 0; i < Silent; i++)
                clients.Add((await app.ConnectAsync(), Stopwatch.GetTimestamp()));

            // While they sit there: other clients are answered at once.
            for (int i = 0; i < 10; i++)
            {
                var served = Stopwatch.StartNew();
                var answer = DocsDate(await app.ExchangeAsync("GET /hello HTTP/1.0\r\n\r\n", ReadUntil.Close));
                Assert.Equal("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\nHello world!", answer);
                Assert.True(served.Elapsed < TimeSpan.FromSeconds(1), $"served in {served.Elapsed}");
            }
            Assert.True(Stopwatch.GetElapsedTime(clients[0].ConnectedAt) < TimeSpan.FromSeconds(1.9), "the normal requests were served before the first timeout");

            var answers = await Task.WhenAll(clients.Select(async c =>
            {
                var text = Encoding.Latin1.GetString(await c.Client.ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(6)));
                return (Text: text, c.Client.Eof, After: Stopwatch.GetElapsedTime(c.ConnectedAt));
            }));

            Assert.All(answers, a =>
            {
                Assert.Equal(Timeout408, a.Text);
                Assert.True(a.Eof);
                Assert.InRange(a.After.TotalSeconds, 1.9, 3.5);
            });
        }
        finally
        {
            foreach (var (client, _) in clients)
                client.Dispose();
        }

        int settled = await OpenSockets.SettleAtMostAsync(baseline + 2, TimeSpan.FromSeconds(10));
        Assert.True(settled <= baseline + 2, $"{settled} sockets open, {baseline} before");
    }

    private static string DocsDate(string answer) => Docs.DocsWire.Normalise(answer);
}
