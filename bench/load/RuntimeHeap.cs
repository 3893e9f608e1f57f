using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Tremolo.Bench.Load;

/// <summary>
/// The live managed heap of a .NET server: a full blocking collection is induced through the
/// process's diagnostics port (the GCHeapCollect keyword, what heap-dump tools use), then the
/// heap size after it, less fragmentation, is read from the server's metrics route (.NET's System.Runtime meter in
/// the Prometheus format, as Tremolo's `metrics: true` exports it). After the collection the
/// figure counts live objects only, not garbage a collection has not reached yet.
/// </summary>
sealed class RuntimeHeap(int pid, Uri metrics)
{
    const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    const long GcKeyword = 0x1, GcHeapCollectKeyword = 0x800000;
    const string HeapSize = "system_runtime_dotnet_gc_last_collection_heap_size{";
    const string Fragmentation = "system_runtime_dotnet_gc_last_collection_heap_fragmentation_size{";
    const string Gen2Collections = "system_runtime_dotnet_gc_collections{gc_heap_generation=\"gen2\"}";
    static readonly HttpClient Http = new();

    /// <summary>Bytes of live objects on the managed heap (all generations, less free space) right after an induced full collection.</summary>
    public async Task<long> LiveBytesAsync(CancellationToken ct)
    {
        var before = await ReadAsync(ct);
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
            new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword), requestRundown: false);
        try
        {
            // The session's events are not needed, but its stream must be read for it to run.
            var drain = session.EventStream.CopyToAsync(Stream.Null, ct);
            for (var i = 0; i < 100; i++)
            {
                await Task.Delay(100, ct);
                var now = await ReadAsync(ct);
                if (now.Gen2 > before.Gen2) return now.HeapBytes;
            }
            throw new LoadFailedException("no full collection was seen in the server within 10 s of asking for one");
        }
        finally
        {
            session.Stop();
            session.Dispose();
        }
    }

    async Task<(long Gen2, long HeapBytes)> ReadAsync(CancellationToken ct)
    {
        long gen2 = 0, heap = 0;
        foreach (var line in (await Http.GetStringAsync(metrics, ct)).Split('\n'))
        {
            if (line.StartsWith(Gen2Collections, StringComparison.Ordinal)) gen2 = (long)Value(line);
            else if (line.StartsWith(HeapSize, StringComparison.Ordinal)) heap += (long)Value(line);
            else if (line.StartsWith(Fragmentation, StringComparison.Ordinal)) heap -= (long)Value(line);
        }
        return (gen2, heap);
    }

    static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
}
