using System.Diagnostics;
using System.Net;
using System.Text;
using Tremolo.Server.Hosting;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// An app in its own temp folder started the way `tremolo serve` starts it: loaded from the
/// YAML with CLI flags (`--port 0` first), with the reload source, so `reload` works in-process.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    private readonly StringWriter _log;
    private readonly TextWriter _syncLog;

    private RunningApp(string folder, TremoloHost host, StringWriter log, TextWriter syncLog)
    {
        Folder = folder;
        Host = host;
        _log = log;
        _syncLog = syncLog;
    }

    public string Folder { get; }

    public TremoloHost Host { get; }

    public string YamlPath => Path.Combine(Folder, "tremolo.yaml");

    /// <summary>The port of the n-th TCP listener.</summary>
    public int PortOf(int listener) => ((IPEndPoint)Host.EndPoints[listener]).Port;

    public int Port => PortOf(0);

    public string Log
    {
        get
        {
            lock (_syncLog)
                return _log.ToString();
        }
    }

    /// <param name="files">extra files (relative path → content) written before loading; byte[] or string (UTF-8)</param>
    public static Task<RunningApp> StartAsync(string yaml, IReadOnlyDictionary<string, object>? files = null, params string[] flags) =>
        StartAsync(yaml, TimeProvider.System, files, flags);

    /// <param name="time">the server's clock: timing tests pass a virtual one and move it themselves</param>
    public static async Task<RunningApp> StartAsync(string yaml, TimeProvider time, IReadOnlyDictionary<string, object>? files = null, params string[] flags)
    {
        var folder = Directory.CreateTempSubdirectory("tremolo-run-").FullName;
        try
        {
            foreach (var (relative, content) in files ?? new Dictionary<string, object>())
                WriteFile(folder, relative, content);
            WriteFile(folder, "tremolo.yaml", yaml);
            var source = new ReloadSource(Path.Combine(folder, "tremolo.yaml"), ["--port", "0", .. flags], NoEnvironment);
            var result = source.Load();
            if (result.Document is null)
                throw new InvalidOperationException("the app did not load:\n" + string.Join("\n", result.Errors));
            var log = new StringWriter();
            var syncLog = TextWriter.Synchronized(log);
            var host = await TremoloHost.StartAsync(result.Document, syncLog, source, time, CancellationToken.None);
            return new RunningApp(folder, host, log, syncLog);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public void Write(string relative, object content) => WriteFile(Folder, relative, content);

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
    public async Task WaitForLogAsync(Func<string, bool> condition, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(Log))
        {
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
                Assert.Fail("the log never showed what was expected:\n" + Log);
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private static void WriteFile(string folder, string relative, object content)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = content as byte[] ?? new UTF8Encoding(false).GetBytes((string)content);
        // Write in place (not a new file) so the watcher sees a plain change, as an editor saving.
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }
}
