using System.Net;
using Tremolo.Config.Loading;
using Tremolo.Server.Hosting;

namespace Tremolo.SpecTests.Support;

/// <summary>Loads a tremolo.yaml the way `tremolo serve` does and starts our engine on a free port.</summary>
public static class InProcessEngine
{
    /// <param name="time">the clock every deadline reads (a test's <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>); the system's when null</param>
    /// <param name="port">the port to listen on; any free one when 0</param>
    public static async Task<(TremoloHost Host, int Port)> StartAsync(string yamlPath, TextWriter log, CancellationToken cancellationToken = default, TimeProvider? time = null, int port = 0)
    {
        var result = ConfigLoader.Load(yamlPath, new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new Dictionary<string, string?>());
        if (result.Document is null)
            throw new InvalidOperationException($"{yamlPath} did not load: {result}");
        var host = await TremoloHost.StartAsync(result.Document, log, null, time ?? TimeProvider.System, cancellationToken);
        if (host.EndPoints.Count == 0 || host.EndPoints[0] is not IPEndPoint endPoint)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"{yamlPath}: the host reports no IP endpoint");
        }
        return (host, endPoint.Port);
    }
}
