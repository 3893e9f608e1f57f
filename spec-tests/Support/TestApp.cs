using System.Text;
using Tremolo.Server.Hosting;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// The suite's test server: an app written from a YAML string into its own
/// <see cref="AppFolder"/> and served in this process as `tremolo serve` would (flags, reload
/// source) on a free port. Tests of what only a process shows (signals, exit codes, workers)
/// run the same folder with <see cref="ServeProcess"/>. Dispose stops the server and deletes
/// the folder.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly AppFolder _folder;
    private readonly StringWriter _log;
    private readonly TextWriter _syncLog;

    private TestApp(AppFolder folder, TremoloHost host, StringWriter log, TextWriter syncLog)
    {
        _folder = folder;
        Host = host;
        _log = log;
        _syncLog = syncLog;
    }

    /// <summary>The temp folder holding tremolo.yaml and the extra files.</summary>
    public string Folder => _folder.Root;

    public string YamlPath => _folder.YamlPath;

    public TremoloHost Host { get; }

    /// <summary>The port of the first listener.</summary>
    public int Port => PortOf(0);

    /// <summary>The port of the n-th TCP listener (`listen` entries follow the main one).</summary>
    public int PortOf(int listener) => InProcessEngine.PortOf(Host, listener);

    /// <summary>What the server logged so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            // the synchronized wrapper locks on itself while the server writes
            lock (_syncLog)
                return _log.ToString();
        }
    }

    /// <param name="yaml">the tremolo.yaml text</param>
    /// <param name="files">extra files (relative path → UTF-8 text) written next to it before loading</param>
    /// <param name="time">the server's clock (a virtual one for timing tests); the system's when null</param>
    /// <param name="flags">`tremolo serve` flags after `--port 0` (`--ssl-cert`, `--bind`, ...)</param>
    public static async Task<TestApp> StartAsync(
        string yaml, IReadOnlyDictionary<string, string>? files = null, TimeProvider? time = null, params string[] flags)
    {
        var folder = new AppFolder(yaml, files);
        try
        {
            var log = new StringWriter();
            var syncLog = TextWriter.Synchronized(log);
            var host = await InProcessEngine.StartAsync(folder.YamlPath, syncLog, time, flags: flags);
            return new TestApp(folder, host, log, syncLog);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Rewrites a file of the app in place, as an editor saves it (`reload` sees the change).</summary>
    public void Write(string relative, string text) => _folder.Write(relative, text);

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    /// <summary>Sends one request on a new connection and returns what came until the server went quiet.</summary>
    public async Task<string> ExchangeAsync(string request, ReadUntil until = ReadUntil.Idle)
    {
        using var client = await ConnectAsync();
        await client.SendAsync(request);
        return Encoding.Latin1.GetString(await client.ReadAsync(until));
    }

    /// <summary>One request on a new connection; the whole answer, to the close, as latin-1.</summary>
    public async Task<string> RequestAsync(string request, int? port = null, TimeSpan? timeout = null)
    {
        using var client = await RawHttpClient.ConnectAsync(port ?? Port);
        await client.SendAsync(request);
        return await client.ReadToCloseAsync(timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>An HTTP/1.0 GET: Tremolo answers it unchunked and closes, so the body is what follows the head.</summary>
    public Task<string> GetAsync(string path, int? port = null) =>
        RequestAsync($"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n", port);

    /// <summary>The body after the head.</summary>
    public static string BodyOf(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>Polls until <paramref name="condition"/> holds for the log, or fails with the log.</summary>
    public Task WaitForLogAsync(Func<string, bool> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => condition(Log), timeout ?? TimeSpan.FromSeconds(10), () => "the log never showed what was expected:\n" + Log);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _folder.Dispose();
    }
}
