namespace Tremolo.Server.Transport;

/// <summary>
/// How .NET's socket engine runs completions. By default each readiness event from epoll is
/// queued to the thread pool, a hop per read; with inline completions the engine's own threads
/// run the continuation at once. Our connections never block in a continuation (no user code
/// runs; file reads, timers and channel waits resume on the pool), so the hop is pure cost:
/// inline nearly halves the CPU per request and per WebSocket message (bench/README.md).
/// One engine thread per two cores: an engine thread preempted mid-batch stalls every socket it
/// serves, so the other half of the cores is left to the pool (timers, files, TLS, broadcast
/// pumps) and the OS; with a thread per core the p99 latency of the HTTP load tripled.
/// .NET reads both settings from the environment only, once, when the first socket is made; a
/// value already in the environment is kept.
/// </summary>
internal static class SocketEngineMode
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    public static void UseInlineCompletions()
    {
        SetDefault(InlineCompletions, "1");
        SetDefault(ThreadCount, Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
