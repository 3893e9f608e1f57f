using System.Diagnostics;
using System.Text.Json;
using Tremolo.Config.Model;
using Tremolo.Server.Cli;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md and running.md `worker_num`, over real processes: N workers (the same
/// `tremolo serve` run again) share the port, a worker that dies is started again, SIGTERM
/// drains every worker and a second one ends them at once, SIGHUP reloads every worker, and
/// an app with channels but no broker is a config error at worker_num. Which worker served
/// is read from the pid each worker's JSON log lines carry. Waits are on what the processes
/// print, with generous bounds.
/// </summary>
public sealed class Configuration_WorkerNum : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Routes = "routes:\n  - {path: /, body: hi}\n";

    private readonly AppFolder _folder = new();

    private string Yaml => _folder.YamlPath;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TwoWorkers_ServeConnectionsFromTwoProcesses()
    {
        _folder.Write("tremolo.yaml", Routes);
        using var serve = await StartAsync("--access-log", "true");
        var port = await serve.PortAsync();

        // The kernel spreads new connections over both workers: a few hundred reach both.
        var served = new HashSet<int>();
        for (var i = 0; i < 400 && served.Count < 2; i++)
        {
            Assert.EndsWith("\r\n\r\nhi", await GetAsync(port));
            served = [.. Records(serve).Where(r => r.TryGetProperty("status", out _)).Select(r => r.GetProperty("pid").GetInt32())];
        }

        Assert.Equal(2, served.Count);
        Assert.DoesNotContain(serve.Pid, served);
        Assert.Equal(served, ListeningPids(serve));
    }

    [Fact]
    public async Task AWorkerThatDies_IsStartedAgain_AndServiceGoesOn()
    {
        _folder.Write("tremolo.yaml", Routes);
        using var serve = await StartAsync();
        var port = await serve.PortAsync();
        var victim = ListeningPids(serve).First();

        Process.GetProcessById(victim).Kill();
        await serve.WaitForOutputAsync("is serving again", Patience);

        Assert.Single(Records(serve), r => r.GetProperty("message").GetString()!.StartsWith($"worker ") && r.GetProperty("message").GetString()!.Contains($"(pid {victim}) died (exit status 137); starting it again in 0.25 s"));
        Assert.Equal(3, ListeningPids(serve).Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.EndsWith("\r\n\r\nhi", await GetAsync(port));
        }
    }

    [Fact]
    public async Task Sigterm_DrainsEveryWorker_AndExits0()
    {
        _folder.Write("tremolo.yaml", Routes);
        using var serve = await StartAsync();
        var workers = ListeningPids(serve);

        await serve.SignalAsync("TERM");

        Assert.Equal(0, await serve.ExitCodeAsync(Patience));
        var stopped = Records(serve).Where(r => r.GetProperty("message").GetString() == "Shutting down").Select(r => r.GetProperty("pid").GetInt32());
        Assert.Equal(workers, stopped.ToHashSet());
        await AssertGoneAsync(workers);
    }

    [Fact]
    public async Task SecondSigterm_EndsEveryWorkerAtOnce()
    {
        // A download at 1000 bytes/s holds the drain far past the patience (shutdown_timeout 300 s).
        _folder.Write("big.bin", new string('z', 400_000));
        _folder.Write("tremolo.yaml", "server: {download_rate: 1000, shutdown_timeout: 300}\nroutes:\n  - {path: /file, file: big.bin}\n");
        using var serve = await StartAsync();
        var workers = ListeningPids(serve);
        using var download = await RawHttpClient.ConnectAsync(await serve.PortAsync());
        await download.SendAsync("GET /file HTTP/1.0\r\n\r\n");
        await download.ReadAsync();

        await serve.SignalAsync("TERM");
        await serve.WaitForOutputAsync("Shutting down");
        Assert.Null(await serve.ExitCodeAsync(TimeSpan.FromMilliseconds(500)));
        await serve.SignalAsync("TERM");

        Assert.Equal(143, await serve.ExitCodeAsync(Patience));
        Assert.Contains("tremolo: second SIGTERM: exiting without waiting for the drain", serve.Output);
        await AssertGoneAsync(workers);
    }

    [Fact]
    public async Task Sighup_ReloadsEveryWorker()
    {
        _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: one}\n");
        using var serve = await StartAsync();
        var port = await serve.PortAsync();

        _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: two}\n");
        await serve.SignalAsync("HUP");
        await Poll.UntilAsync(
            () => Records(serve).Count(r => r.GetProperty("message").GetString()!.StartsWith("reload: now serving")) >= 2,
            Patience,
            () => "not every worker reloaded:\n" + serve.Output);

        for (var i = 0; i < 40; i++)
        {
            Assert.EndsWith("\r\n\r\ntwo", await GetAsync(port));
        }
    }

    [Fact]
    public async Task AStartFailureInAWorker_IsOneLineAndExit1()
    {
        using var redis = await RedisServer.StartAsync();
        redis.Kill();
        _folder.Write("tremolo.yaml", Routes);
        using var serve = new ServeProcess(Yaml, "--worker-num", "2", "--broker", redis.Url);

        Assert.Equal(1, await serve.ExitCodeAsync(Patience));
        await Task.Delay(200);
        Assert.Equal($"tremolo: cannot reach the broker {redis.Url}: unable to connect\n", serve.Output);
    }

    [Fact]
    public async Task ChannelsWithoutABroker_IsAConfigErrorAtWorkerNum()
    {
        const string app = "server:\n  worker_num: 2\nroutes:\n  - path: /chat\n    websocket: {mode: broadcast}\n";
        _folder.Write("tremolo.yaml", app);
        var expected = $"{Yaml}:2:15: worker_num 2 runs 2 processes and the app has channels (the route at {Yaml}:4:5); without a broker each worker would have rooms of its own: set broker (redis://host:port) or worker_num 0\n";

        var stderr = new StringWriter { NewLine = "\n" };
        Assert.Equal(CommandLine.Invalid, CommandLine.Run(["check", Yaml], TextWriter.Null, stderr, new Dictionary<string, string?>()));
        Assert.Equal(expected, stderr.ToString());

        using var serve = new ServeProcess(Yaml);
        Assert.Equal(1, await serve.ExitCodeAsync(Patience));
        await Task.Delay(200);
        Assert.Equal(expected, serve.Output);

        // An SSE channel counts as much; the flag is named when it set worker_num; one process is fine.
        _folder.Write("tremolo.yaml", "routes:\n  - path: /feed\n    sse: {channel: news}\n");
        stderr = new StringWriter { NewLine = "\n" };
        Assert.Equal(CommandLine.Invalid, CommandLine.Run(["check", Yaml, "--worker-num", "3"], TextWriter.Null, stderr, new Dictionary<string, string?>()));
        Assert.StartsWith("--worker-num: worker_num 3 runs 3 processes and the app has channels", stderr.ToString());
        Assert.Equal(CommandLine.Ok, CommandLine.Run(["check", Yaml, "--worker-num", "1"], TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
        Assert.Equal(CommandLine.Ok, CommandLine.Run(["check", Yaml, "--worker-num", "2", "--broker", "redis://127.0.0.1:6379"], TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
    }

    [Fact]
    public void Values_FollowTremolo_WithZeroAsTheDefault()
    {
        Assert.Equal(0, new ServerOptions().WorkerProcesses);
        Assert.Equal(Environment.ProcessorCount, new ServerOptions { WorkerNum = -1 }.WorkerProcesses);
        _folder.Write("tremolo.yaml", Routes);
        var stderr = new StringWriter { NewLine = "\n" };
        Assert.Equal(CommandLine.Invalid, CommandLine.Run(["check", Yaml, "--worker-num", "-2"], TextWriter.Null, stderr, new Dictionary<string, string?>()));
        Assert.Equal("--worker-num: '-2' is not a worker count (expected -1 for one per CPU, 0 for one process, or a number of worker processes)\n", stderr.ToString());
    }

    [Fact]
    public async Task LogFmtShapesEachLine()
    {
        await using var app = await TestApp.StartAsync(
            "server:\n  log_fmt: '%(levelname)s|%(levelno)d|%(name)s|%(message)s|100%%|%(unknown)s'\n" + Routes);

        app.Host.ReloadNow("asked");

        await app.WaitForLogAsync(log => log.Contains("reload: now serving"));
        Assert.Contains("\nINFO|20|tremolo|reload: asked|100%|%(unknown)s\n", app.Log);
    }

    /// <summary>`tremolo serve --worker-num 2` in JSON logs, once both workers listen.</summary>
    private async Task<ServeProcess> StartAsync(params string[] flags)
    {
        var serve = new ServeProcess(Yaml, ["--worker-num", "2", "--log-format", "json", .. flags]);
        await serve.WaitForOutputAsync("is running 2 worker processes", Patience);
        await Poll.UntilAsync(() => ListeningPids(serve).Count >= 2, Patience, () => "the workers did not both listen:\n" + serve.Output);

        return serve;
    }

    /// <summary>Every JSON line printed so far.</summary>
    internal static List<JsonElement> Records(ServeProcess serve) =>
        [.. serve.Output.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement)];

    /// <summary>The pids of the workers that printed a listening line.</summary>
    internal static HashSet<int> ListeningPids(ServeProcess serve) =>
        [.. Records(serve).Where(r => r.GetProperty("message").GetString()!.Contains("is listening on")).Select(r => r.GetProperty("pid").GetInt32())];

    /// <summary>Waits until none of <paramref name="pids"/> runs (a zombie no init reaped counts as gone).</summary>
    private static Task AssertGoneAsync(IEnumerable<int> pids) =>
        Poll.UntilAsync(() => !pids.Any(IsRunning), Patience, () => $"workers still running: {string.Join(", ", pids.Where(IsRunning))}");

    private static bool IsRunning(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ..."; Z is a zombie.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<string> GetAsync(int port)
    {
        using var client = await RawHttpClient.ConnectAsync(port);
        await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
        return await client.ReadToCloseAsync(Patience);
    }
}
