using System.Net;
using System.Net.Sockets;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `listen` (extra listeners, like app.listen(port, **options)) and `bind`
/// (`--bind host:port,/path.sock`): every address answers, each listener with its own options.
/// </summary>
public sealed class Configuration_Listen
{
    private const string Routes = "routes:\n  - {path: /, template: \"hi {{ request.method }}\"}\n";

    [Fact]
    public async Task AnExtraPortKeepsItsOwnRequestTimeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var app = await TestApp.StartAsync("listen:\n  - {port: 0, request_timeout: 1}\n" + Routes, time: clock);
        Assert.Equal(2, app.Host.EndPoints.Count);

        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/", app.PortOf(0))));
        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/", app.PortOf(1))));

        // An unfinished head: the extra listener gives up after its 1 s, the main one (30 s) waits.
        using var extra = await RawHttpClient.ConnectAsync(app.PortOf(1));
        using var main = await RawHttpClient.ConnectAsync(app.PortOf(0));
        await extra.SendAsync("GET / HTTP/1.1\r\n");
        await main.SendAsync("GET / HTTP/1.1\r\n");
        // Accepted in order on each listener: answered after them, both heads are waited for.
        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/", app.PortOf(1))));
        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/", app.PortOf(0))));
        var timedOut = extra.ReadToCloseAsync(VirtualTime.RealPatience);
        await clock.AdvanceAsync(TimeSpan.FromSeconds(0.8));
        Assert.True(await VirtualTime.StillRunningAsync(timedOut), "cut before 0.8 s");
        await clock.AdvanceUntilAsync(timedOut, TimeSpan.FromSeconds(0.5));
        Assert.StartsWith("HTTP/1.0 408 Request Timeout\r\n", await timedOut);
        Assert.Empty(await main.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromSeconds(1)));
        Assert.False(main.Eof);
    }

    [Fact]
    public async Task AUnixSocketListenerAnswers()
    {
        await using var app = await TestApp.StartAsync("listen:\n  - {unix: t.sock}\n" + Routes);
        var path = Path.Combine(app.Folder, "t.sock");

        Assert.Equal("hi GET", TestApp.BodyOf(await UnixGetAsync(path)));
        Assert.Contains($"] Tremolo is listening on {path}\n", app.Log);
        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public async Task BindTakesHostPortsAndSocketPaths()
    {
        using var sockets = new AppFolder();
        var path = Path.Combine(sockets.Root, "b.sock");
        await using var app = await TestApp.StartAsync(Routes, flags: ["--bind", $"127.0.0.1:0,{path}"]);

        Assert.Equal(2, app.Host.EndPoints.Count);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)app.Host.EndPoints[0]).Address);
        Assert.Equal("hi GET", TestApp.BodyOf(await app.GetAsync("/")));
        Assert.Equal("hi GET", TestApp.BodyOf(await UnixGetAsync(path)));
    }

    [Fact]
    public async Task TheSocketFileIsRemovedOnStop()
    {
        var app = await TestApp.StartAsync("listen:\n  - {unix: gone.sock}\n" + Routes);
        var path = Path.Combine(app.Folder, "gone.sock");
        Assert.True(File.Exists(path));

        await app.Host.StopAsync();

        Assert.False(File.Exists(path));
        await app.DisposeAsync();
    }

    private static async Task<string> UnixGetAsync(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
        await socket.SendAsync("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"u8.ToArray(), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            received.Write(buffer, 0, read);
        return Encoding.Latin1.GetString(received.ToArray());
    }
}
