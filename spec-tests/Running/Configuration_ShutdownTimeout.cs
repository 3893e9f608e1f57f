using System.Diagnostics;
using System.Net.Sockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `shutdown_timeout` and SPEC section 3/7: SIGTERM or Ctrl-C (SIGINT) stops
/// `tremolo serve` accepting, lets running responses finish within shutdown_timeout, cuts
/// what is left after it, and exits 0. Start-up prints the URL it listens on. A real process
/// runs on the real clock: these tests bound time from below only, or against a limit far
/// away (the 30 s default shutdown_timeout), so a loaded machine cannot fail them.
/// </summary>
public sealed class Configuration_ShutdownTimeout : IDisposable
{
    /// <summary>Real-time patience, well under the default shutdown_timeout (30 s).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly AppFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SigtermLetsASlowDownloadFinishThenExits0()
    {
        _folder.Write("big.bin", new string('z', 300_000));
        using var serve = Serve("server: {download_rate: 100000}\nroutes:\n  - {path: /file, file: big.bin}\n");
        var port = await serve.PortAsync();
        using var download = await RawHttpClient.ConnectAsync(port);
        var watch = Stopwatch.StartNew();
        await download.SendAsync("GET /file HTTP/1.0\r\n\r\n");
        await Task.Delay(300);

        await serve.SignalAsync("TERM");
        var response = await download.ReadToCloseAsync(Patience);
        var exit = await serve.ExitCodeAsync(Patience);

        Assert.Equal(0, exit);
        // All of it, at the rate: three times the rate takes two seconds.
        Assert.EndsWith("\r\n\r\n" + new string('z', 300_000), response);
        Assert.True(watch.Elapsed.TotalSeconds >= 1.8, $"took {watch.Elapsed}");
        Assert.Contains("Shutting down", serve.Output);
        await Assert.ThrowsAnyAsync<SocketException>(() => RawHttpClient.ConnectAsync(port));
    }

    [Fact]
    public async Task NewConnectionsAreRefusedWhileDraining()
    {
        _folder.Write("big.bin", new string('z', 300_000));
        using var serve = Serve("server: {download_rate: 100000}\nroutes:\n  - {path: /file, file: big.bin}\n");
        var port = await serve.PortAsync();
        using var download = await RawHttpClient.ConnectAsync(port);
        await download.SendAsync("GET /file HTTP/1.0\r\n\r\n");
        await Task.Delay(300);

        await serve.SignalAsync("TERM");
        await Task.Delay(500);

        await Assert.ThrowsAnyAsync<SocketException>(() => RawHttpClient.ConnectAsync(port));
        Assert.Null(await serve.ExitCodeAsync(TimeSpan.Zero));
        Assert.Equal(0, await serve.ExitCodeAsync(Patience));
    }

    [Fact]
    public async Task CtrlCStopsAnIdleServerAndExits0()
    {
        using var serve = Serve("routes:\n  - {path: /, body: hi}\n");
        var port = await serve.PortAsync();
        using (var idle = await RawHttpClient.ConnectAsync(port))
        {
            await idle.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.NotEmpty(await idle.ReadAsync());

            await serve.SignalAsync("INT");

            // Well before the 30 s shutdown_timeout: the idle connection did not hold it.
            Assert.Equal(0, await serve.ExitCodeAsync(Patience));
            await idle.ReadToCloseAsync(Patience);
            Assert.True(idle.Eof);
        }

        Assert.Matches($@"\] Tremolo is listening on http://127\.0\.0\.1:{port}/\n", serve.Output);
    }

    [Fact]
    public async Task ADownloadLongerThanShutdownTimeoutIsCut()
    {
        // 500000 bytes at 100000 bytes/s: four seconds, against a one second shutdown_timeout.
        _folder.Write("big.bin", new string('z', 500_000));
        using var serve = Serve("server: {download_rate: 100000, shutdown_timeout: 1}\nroutes:\n  - {path: /file, file: big.bin}\n");
        var port = await serve.PortAsync();
        using var download = await RawHttpClient.ConnectAsync(port);
        await download.SendAsync("GET /file HTTP/1.0\r\n\r\n");
        // Signal only once the download is under way: a request not yet read is an idle
        // connection, which a drain closes at once (a fixed sleep lost that race under load).
        var begun = await download.ReadAsync(ReadUntil.Bytes, count: 1, timeout: Patience);
        Assert.NotEmpty(begun);

        var watch = Stopwatch.StartNew();
        await serve.SignalAsync("TERM");
        var rest = await download.ReadToCloseAsync(Patience);

        Assert.Equal(0, await serve.ExitCodeAsync(Patience));
        Assert.True(watch.Elapsed.TotalSeconds >= 0.9, $"cut after {watch.Elapsed}");
        Assert.InRange(begun.Length + rest.Length, 100_000, 450_000);
    }

    [Fact]
    public async Task ANeverEndingEventStreamEndsAtShutdown()
    {
        using var serve = Serve("server: {shutdown_timeout: 1}\nroutes:\n  - {path: /feed, sse: {events: [{data: hello}], channel: news}}\n");
        var port = await serve.PortAsync();
        using var feed = await RawHttpClient.ConnectAsync(port);
        await feed.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.EndsWith("\r\n\r\nD\r\ndata: hello\n\n\r\n", System.Text.Encoding.Latin1.GetString(await feed.ReadAsync()));

        await serve.SignalAsync("TERM");

        // The stream never ends by itself: exiting at all means it was cut.
        Assert.Equal(0, await serve.ExitCodeAsync(Patience));
        await feed.ReadToCloseAsync(Patience);
        Assert.True(feed.Eof);
    }

    private ServeProcess Serve(string yaml)
    {
        return new ServeProcess(_folder.Write("tremolo.yaml", yaml));
    }
}
