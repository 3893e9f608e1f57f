using Prometheus;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// The meter `Tremolo`, and the memory instruments of .NET's own `System.Runtime` (GC heap
/// sizes, working set: how much of the process is managed heap), in the Prometheus text format, through
/// prometheus-net: its MeterAdapter listens to System.Diagnostics.Metrics and its registry
/// writes the exposition format (no ASP.NET Core needed). Started on the first scrape, so a
/// server without a metrics route never listens to its own meter.
/// </summary>
internal static class PrometheusExport
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string RuntimeMeterName = "System.Runtime";

    private static readonly Lazy<CollectorRegistry> Registry = new(Start);

    public static async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        await Registry.Value.CollectAndExportAsTextAsync(text, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60];

    private static CollectorRegistry Start()
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = factory,
            InstrumentFilterPredicate = Exported,
        });

        // The request duration is observed straight into a prometheus-net histogram, a child
        // per status class made on first use (the lines the adapter would write), without the
        // adapter's per-measurement label lookup.
        var durations = factory.CreateHistogram(
            "tremolo_request_duration",
            $"(s) {TremoloMetrics.RequestDurationDescription}",
            new HistogramConfiguration { LabelNames = ["status_class"], Buckets = DurationBuckets });
        var byClass = new Histogram.Child?[5];
        TremoloMetrics.ExportDurations((index, seconds) =>
            (byClass[index] ??= durations.WithLabels(TremoloMetrics.StatusClassName(index))).Observe(seconds));
        return registry;
    }

    // The meter Tremolo but its request duration (observed directly, see Start); of
    // System.Runtime, the memory instruments: the GC's (heap by generation, fragmentation,
    // committed, collections, pauses) and the working set. Its other instruments end in
    // `count`, a suffix the Prometheus format keeps for histograms.
    private static bool Exported(System.Diagnostics.Metrics.Instrument instrument) =>
        (instrument.Meter.Name == TremoloMetrics.MeterName && instrument.Name != TremoloMetrics.RequestDurationName)
        || (instrument.Meter.Name == RuntimeMeterName
            && (instrument.Name.StartsWith("dotnet.gc.", StringComparison.Ordinal) || instrument.Name == "dotnet.process.memory.working_set"));
}
