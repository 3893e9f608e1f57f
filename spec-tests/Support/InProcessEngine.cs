using System.Globalization;
using System.Net;
using Tremolo.Server.Hosting;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// Starts our engine in this process as `tremolo serve CONFIG FLAGS` would: the YAML loaded with
/// the flags layered over it and kept as the reload source (so `reload` and SIGHUP's
/// <see cref="TremoloHost.ReloadNow"/> work), on a free port unless one is given.
/// </summary>
public static class InProcessEngine
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    /// <param name="time">the clock every deadline reads (a test's <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>); the system's when null</param>
    /// <param name="port">the port to listen on; any free one when 0</param>
    /// <param name="flags">CLI flags after `--port PORT` (`--ssl-cert`, `--bind`, ...)</param>
    public static async Task<TremoloHost> StartAsync(string yamlPath, TextWriter log, TimeProvider? time = null, int port = 0, params string[] flags)
    {
        var source = new ReloadSource(yamlPath, ["--port", port.ToString(CultureInfo.InvariantCulture), .. flags], NoEnvironment);
        var result = source.Load();
        if (result.Document is null)
            throw new InvalidOperationException($"{yamlPath} did not load:\n" + string.Join("\n", result.Errors));
        return await TremoloHost.StartAsync(result.Document, log, source, time ?? TimeProvider.System, CancellationToken.None);
    }

    /// <summary>The port of the host's <paramref name="listener"/>-th listener (a TCP one).</summary>
    public static int PortOf(TremoloHost host, int listener = 0) => ((IPEndPoint)host.EndPoints[listener]).Port;
}
