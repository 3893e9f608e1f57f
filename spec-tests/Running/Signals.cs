using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// running.md "Stopping" and "reload", issue 17: SIGHUP loads the config again as `reload`
/// does (a valid one is swapped in, an invalid one is logged and the running app kept); a
/// second SIGINT or SIGTERM ends the process at once instead of waiting for the drain. Waits
/// are for what the process prints, with generous timeouts.
/// </summary>
public sealed class Signals : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly AppFolder _folder = new();

    private string YamlPath => _folder.YamlPath;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Signals_SIGHUP_Reloads()
    {
        // Without `reload`: nothing is watched, the signal alone reloads.
        _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: one}\n");
        using var serve = new ServeProcess(YamlPath);
        var port = await serve.PortAsync();
        Assert.EndsWith("one", await GetAsync(port));

        _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: two}\n");
        await serve.SignalAsync("HUP");
        await serve.WaitForOutputAsync("reload: now serving");

        Assert.EndsWith("two", await GetAsync(port));
        Assert.Contains("reload: SIGHUP received", serve.Output);
    }

    [Fact]
    public async Task Signals_SIGHUP_InvalidConfigKeepsServingAndLogsEveryError()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: one}\n");
        using var serve = new ServeProcess(YamlPath);
        var port = await serve.PortAsync();

        _folder.Write("tremolo.yaml", "rout: []\nroutes:\n  - {path: /, body: two, stauts: 201}\n");
        await serve.SignalAsync("HUP");
        await serve.WaitForOutputAsync("still serving the previous app");
        await serve.WaitForOutputAsync("did you mean 'status'");

        Assert.Contains($"tremolo: ERROR: {YamlPath}:1:1: unknown key 'rout'; did you mean 'routes'?", serve.Output);
        Assert.Contains($"tremolo: ERROR: {YamlPath}:3:26: unknown key 'stauts'; did you mean 'status'?", serve.Output);
        Assert.EndsWith("one", await GetAsync(port));
        Assert.Null(await serve.ExitCodeAsync(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("TERM", "SIGTERM", 143)]
    [InlineData("INT", "SIGINT", 130)]
    public async Task Signals_SecondStopSignal_ExitsAtOnce(string signal, string name, int code)
    {
        // A download at 1000 bytes/s would hold the drain far past the patience (shutdown_timeout 60 s).
        _folder.Write("big.bin", new string('z', 200_000));
        _folder.Write("tremolo.yaml", "server: {download_rate: 1000, shutdown_timeout: 60}\nroutes:\n  - {path: /file, file: big.bin}\n");
        using var serve = new ServeProcess(YamlPath);
        using var download = await RawHttpClient.ConnectAsync(await serve.PortAsync());
        await download.SendAsync("GET /file HTTP/1.0\r\n\r\n");
        await download.ReadAsync();

        await serve.SignalAsync(signal);
        await serve.WaitForOutputAsync("Shutting down");
        Assert.Null(await serve.ExitCodeAsync(TimeSpan.FromMilliseconds(500)));
        await serve.SignalAsync(signal);

        Assert.Equal(code, await serve.ExitCodeAsync(Patience));
        Assert.Contains($"tremolo: second {name}: exiting without waiting for the drain", serve.Output);
    }

    private static async Task<string> GetAsync(int port)
    {
        using var client = await RawHttpClient.ConnectAsync(port);
        await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
        return await client.ReadToCloseAsync(Patience);
    }
}
