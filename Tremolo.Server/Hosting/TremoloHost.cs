using System.Net;
using Tremolo.Config.Model;

namespace Tremolo.Server.Hosting;

/// <summary>
/// A running server for one loaded app: its listeners, connections and shutdown.
/// `tremolo serve` and the in-process tests both start the engine through this type.
/// </summary>
public sealed class TremoloHost : IAsyncDisposable
{
    private TremoloHost(IReadOnlyList<EndPoint> endPoints) => EndPoints = endPoints;

    /// <summary>The bound addresses (a port 0 in the options is resolved here).</summary>
    public IReadOnlyList<EndPoint> EndPoints { get; }

    /// <summary>Binds every listener of the document and starts accepting.</summary>
    public static Task<TremoloHost> StartAsync(AppDocument document, TextWriter log, CancellationToken cancellationToken = default)
    {
        _ = document;
        _ = log;
        _ = cancellationToken;
        throw new NotImplementedException("engine lands with issue 4");
    }

    /// <summary>`tremolo serve`: serves the document until <paramref name="stop"/>, then drains.</summary>
    public static Task RunAsync(AppDocument document, TextWriter log, CancellationToken stop)
    {
        _ = document;
        _ = log;
        _ = stop;
        throw new NotImplementedException("engine lands with issue 4");
    }

    /// <summary>Stops accepting and drains connections within shutdown_timeout.</summary>
    public Task StopAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync();
}
