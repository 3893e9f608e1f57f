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
    const string Sessions = "tremolo_websocket_sessions ";
    const string Gen2Collections = "system_runtime_dotnet_gc_collections{gc_heap_generation=\"gen2\"} ";
    static readonly HttpClient Http = new();

    /// <summary>Induces a full collection and waits (up to 10 s) until the server's metrics count it.</summary>
    public async Task CollectAsync(CancellationToken ct)
    {
        var before = await Gen2CollectionsAsync(ct);
        var session = new DiagnosticsClient(pid).StartEventPipeSession(
            new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword), requestRundown: false);
        try
        {
            // The session's events are not needed, but its stream must be read for it to run.
            _ = session.EventStream.CopyToAsync(Stream.Null, ct);
            for (var i = 0; i < 100; i++)
            {
                await Task.Delay(100, ct);
                if (await Gen2CollectionsAsync(ct) > before) return;
            }
            throw new LoadFailedException("the server did not report the full collection asked of it within 10 s");
        }
        finally
        {
            session.Stop();
            session.Dispose();
        }
    }

    async Task<double> Gen2CollectionsAsync(CancellationToken ct) =>
        (await Http.GetStringAsync(metrics, ct)).Split('\n').Where(l => l.StartsWith(Gen2Collections, StringComparison.Ordinal)).Select(Value).FirstOrDefault();

    /// <summary>
    /// Waits (up to 30 s) until the server reports at most <paramref name="count"/> WebSocket
    /// sessions (`tremolo_websocket_sessions`), so closed connections are gone before the heap
    /// is read; a server without that gauge gets the wait's first poll only.
    /// </summary>
    public async Task WaitForSessionsAsync(int count, CancellationToken ct)
    {
        for (var i = 0; i < 120; i++)
        {
            var line = (await Http.GetStringAsync(metrics, ct)).Split('\n').FirstOrDefault(l => l.StartsWith(Sessions, StringComparison.Ordinal));
            if (line is null || Value(line) <= count) return;
            await Task.Delay(250, ct);
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
