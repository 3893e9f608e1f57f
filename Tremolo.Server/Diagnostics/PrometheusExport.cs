using Prometheus;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// The meter `Tremolo` in the Prometheus text format, through prometheus-net: its MeterAdapter
/// listens to System.Diagnostics.Metrics and its registry writes the exposition format (no
/// ASP.NET Core needed). Started on the first scrape, so a server without a metrics route
/// never listens to its own meter.
/// </summary>
internal static class PrometheusExport
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly Lazy<CollectorRegistry> Registry = new(Start);

    public static async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        await Registry.Value.CollectAndExportAsTextAsync(text, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static CollectorRegistry Start()
    {
        var registry = Metrics.NewCustomRegistry();
        MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == TremoloMetrics.MeterName,
            ResolveHistogramBuckets = _ => [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60],
        });
        return registry;
    }
}
