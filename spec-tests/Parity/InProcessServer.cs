using Tremolo.Server.Hosting;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>Our engine in this process, serving an app's tremolo.yaml (paths resolve against the YAML's folder).</summary>
public sealed class InProcessServer : IParityServer
{
    private readonly TremoloHost _host;
    private readonly TextWriter _log;

    private InProcessServer(TremoloHost host, int port, TextWriter log, string logPath)
    {
        _host = host;
        Port = port;
        _log = log;
        Description = $"in-process engine on port {port} (log: {logPath})";
    }

    public int Port { get; }

    public string Description { get; }

    public static async Task<InProcessServer> StartAsync(string app, string appDir)
    {
        string logPath = Path.Combine(Path.GetTempPath(), $"parity-{app}-inprocess-{Environment.ProcessId}.log");
        var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
        try
        {
            var host = await InProcessEngine.StartAsync(Path.Combine(appDir, "tremolo.yaml"), log);
            return new InProcessServer(host, InProcessEngine.PortOf(host), log, logPath);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _log.DisposeAsync();
    }
}
