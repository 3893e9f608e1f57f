using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Tremolo.Bench.Load;

/// <summary>
/// A .NET server's garbage collector, driven from outside: <see cref="CollectAsync"/> induces a
/// full blocking collection through the process's diagnostics port (the GCHeapCollect keyword,
/// what heap-dump tools use), so garbage a collection has not reached yet is not counted as
/// memory the connections hold; <see cref="LiveBytesAsync"/> reads the heap left after it from
/// the server's metrics route (.NET's System.Runtime meter in the Prometheus format, as
/// Tremolo's `metrics: true` exports it): heap size less fragmentation, all generations.
/// </summary>
sealed class RuntimeHeap(int pid, Uri metrics)
{
    const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    const long GcKeyword = 0x1, GcHeapCollectKeyword = 0x800000;
    const string HeapSize = "system_runtime_dotnet_gc_last_collection_heap_size{";
    const string Fragmentation = "system_runtime_dotnet_gc_last_collection_heap_fragmentation_size{";
    static readonly TimeSpan CollectionTime = TimeSpan.FromSeconds(1);
    static readonly HttpClient Http = new();

    public async Task CollectAsync(CancellationToken ct)
    {
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
            new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword), requestRundown: false);
        try
        {
            // The session's events are not needed, but its stream must be read for it to run;
            // a full collection of a heap this size takes well under the wait.
            _ = session.EventStream.CopyToAsync(Stream.Null, ct);
            await Task.Delay(CollectionTime, ct);
        }
        finally
        {
            session.Stop();
            session.Dispose();
        }
    }

    /// <summary>Bytes of live objects on the managed heap after the last collection.</summary>
    public async Task<long> LiveBytesAsync(CancellationToken ct)
    {
        long heap = 0;
        foreach (var line in (await Http.GetStringAsync(metrics, ct)).Split('\n'))
        {
            if (line.StartsWith(HeapSize, StringComparison.Ordinal)) heap += (long)Value(line);
            else if (line.StartsWith(Fragmentation, StringComparison.Ordinal)) heap -= (long)Value(line);
        }
        return heap;
    }

    static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
}
