using System.Text;
using Tremolo.Server.Hosting;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// An app written from a YAML string into its own temp folder and served in-process on a free
/// port. Dispose stops the server and deletes the folder.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TremoloHost _host;
    private readonly StringWriter _log;
    private readonly TextWriter _syncLog;

    private TestApp(string folder, TremoloHost host, int port, StringWriter log, TextWriter syncLog)
    {
        Folder = folder;
        _host = host;
        Port = port;
        _log = log;
        _syncLog = syncLog;
    }

    /// <summary>The temp folder holding tremolo.yaml and the extra files.</summary>
    public string Folder { get; }

    public int Port { get; }

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
    public static async Task<TestApp> StartAsync(
        string yaml, IReadOnlyDictionary<string, string>? files = null, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        string folder = Directory.CreateTempSubdirectory("tremolo-test-").FullName;
        try
        {
            foreach (var (relative, text) in files ?? new Dictionary<string, string>())
            {
                string path = Path.Combine(folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), cancellationToken);
            }
            string yamlPath = Path.Combine(folder, "tremolo.yaml");
            await File.WriteAllTextAsync(yamlPath, yaml, new UTF8Encoding(false), cancellationToken);
            var log = new StringWriter();
            var syncLog = TextWriter.Synchronized(log);
            var (host, port) = await InProcessEngine.StartAsync(yamlPath, syncLog, cancellationToken, time);
            return new TestApp(folder, host, port, log, syncLog);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    /// <summary>Sends one request on a new connection and returns what came until the server went quiet.</summary>
    public async Task<string> ExchangeAsync(string request, ReadUntil until = ReadUntil.Idle)
    {
        using var client = await ConnectAsync();
        await client.SendAsync(request);
        return Encoding.Latin1.GetString(await client.ReadAsync(until));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
