using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Issue 10's attack: a request whose work is slow by config or client data (a route regex
/// driven into backtracking, a template calling `regex.match` on request data, a heavy
/// template) is answered with a clear error, and meanwhile plain GETs on another connection
/// keep being answered: the slow work runs on the thread pool, never on the socket engine
/// thread all connections share (docs/architecture.md). Order is asserted, not wall-clock:
/// at least one plain GET completes before every slow answer has started.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Attack_SlowWorkStallsNoOtherConnection
{
    private const string Yaml = """
        errors:
          500: {status: 500, content_type: text/plain, body: "our error page"}
        routes:
          - {path: /hello, content_type: text/plain, chunked: false, body: Hello World!}
          - path: '^/back/(?P<x>(a+)+)(?P=x)b$'
            body: never
          - path: /tpl
            template: "{{ regex.match (request.query.s | array.first) '^(?=(a+)+$)' | array.size }}"
          - path: /heavy
            template: "{{ s = 'x' * 1000000; for i in 1..9999; t = s | string.replace 'x' 'y' | string.upcase; end }}"
          - path: /ws
            websocket:
              mode: echo
              format: "{{ s = message * 1000000; for i in 1..9999; t = s | string.replace 'x' 'y' | string.upcase; end }}"
        """;

    private const string PlainGet = "GET /hello HTTP/1.1\r\nHost: h\r\n\r\n";

    private const int SlowClients = 4;

    private int _helloLength;

    [Fact]
    public async Task HostileRouteRegexIs500ThroughTheErrorsPageWhilePlainGetsGoOn()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var answer = await AssertPlainGetsAnsweredMeanwhileAsync(app, "/back/" + new string('a', 40) + "c");
        Assert.StartsWith("HTTP/1.1 500 Internal Server Error\r\n", answer);
        Assert.EndsWith("our error page", answer);
        await app.WaitForLogAsync(log => log.Contains("tremolo: ERROR: route '^/back/(?P<x>(a+)+)(?P=x)b$' (")
            && log.Contains("tremolo.yaml:5:5): regex match timed out after 200 ms on /back/aaaa"));
    }

    [Fact]
    public async Task TemplateRegexOnRequestDataStallsNoOtherConnection()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var answer = await AssertPlainGetsAnsweredMeanwhileAsync(app, "/tpl?s=" + new string('a', 40) + "c");
        Assert.StartsWith("HTTP/1.1 500 Internal Server Error\r\n", answer);
    }

    [Fact]
    public async Task HeavyTemplateStallsNoOtherConnection()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        var answer = await AssertPlainGetsAnsweredMeanwhileAsync(app, "/heavy");
        Assert.StartsWith("HTTP/1.1 500 Internal Server Error\r\n", answer);
    }

    [Fact]
    public async Task HeavyWebSocketFormatStallsNoOtherConnection()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var plain = await RawHttpClient.ConnectAsync(app.Port);
        await GetHelloAsync(plain);
        var sockets = new List<WsTestClient>();
        try
        {
            var answered = new List<Task<WsFrame>>();
            for (var i = 0; i < SlowClients; i++)
            {
                sockets.Add(await WsTestClient.ConnectAsync(app.Port, "/ws"));
            }

            foreach (var socket in sockets)
            {
                await socket.SendTextAsync("x");
                answered.Add(socket.ReceiveAsync(TimeSpan.FromSeconds(60)));
            }

            // A format past the template limits ends the session with close 1011.
            await AssertPlainGetsAnsweredWhileAsync(app, plain, Task.WhenAll(answered));
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>
    /// Opens a plain connection and <see cref="SlowClients"/> slow ones (each served once, so
    /// the server waits on all of them), sends the slow request on each, then plain GETs until
    /// every slow answer has started. Before the dispatch model, the slow work ran on the one
    /// engine thread in arrival order, so every plain GET came after all of them.
    /// </summary>
    private async Task<string> AssertPlainGetsAnsweredMeanwhileAsync(TestApp app, string slowTarget)
    {
        using var plain = await RawHttpClient.ConnectAsync(app.Port);
        await GetHelloAsync(plain);
        var slow = new RawHttpClient[SlowClients];
        try
        {
            for (var i = 0; i < slow.Length; i++)
            {
                slow[i] = await RawHttpClient.ConnectAsync(app.Port);
                await GetHelloAsync(slow[i]);
            }

            var started = new Task<byte[]>[slow.Length];
            for (var i = 0; i < slow.Length; i++)
            {
                await slow[i].SendAsync($"GET {slowTarget} HTTP/1.1\r\nHost: h\r\n\r\n");
                started[i] = slow[i].ReadAsync(ReadUntil.Bytes, count: 1, timeout: TimeSpan.FromSeconds(60));
            }

            var allStarted = Task.WhenAll(started);
            await AssertPlainGetsAnsweredWhileAsync(app, plain, allStarted);
            Assert.All(await allStarted, Assert.NotEmpty);
            return Encoding.Latin1.GetString((await allStarted)[0]) + Encoding.Latin1.GetString(await slow[0].ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(10)));
        }
        finally
        {
            foreach (var client in slow)
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>Plain GETs one after another until <paramref name="slow"/> completes: at least one must complete before it.</summary>
    private async Task AssertPlainGetsAnsweredWhileAsync(TestApp app, RawHttpClient plain, Task slow)
    {
        var answeredMeanwhile = 0;
        while (!slow.IsCompleted)
        {
            await GetHelloAsync(plain);
            if (!slow.IsCompleted)
            {
                answeredMeanwhile++;
            }
        }

        await slow;
        Assert.True(answeredMeanwhile > 0, "no plain GET was answered while the slow requests ran:\n" + app.Log);
    }

    /// <summary>GET /hello on a keep-alive connection: the whole answer (its length, learnt from the first, never changes).</summary>
    private async Task<string> GetHelloAsync(RawHttpClient client)
    {
        await client.SendAsync(PlainGet);
        var answer = Encoding.Latin1.GetString(_helloLength == 0
            ? await client.ReadAsync()
            : await client.ReadAsync(ReadUntil.Bytes, count: _helloLength, timeout: TimeSpan.FromSeconds(60)));
        _helloLength = answer.Length;
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.EndsWith("Hello World!", answer);
        return answer;
    }
}
