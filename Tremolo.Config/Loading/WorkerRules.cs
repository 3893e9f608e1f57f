using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>
/// What `worker_num` above 1 needs: listeners the workers can share (SO_REUSEPORT, so TCP with
/// reuse_port) and, when the app has channels, a broker, or each worker would have rooms of
/// its own and a chat would be split without a word. Reported at the worker_num setting.
/// </summary>
internal static class WorkerRules
{
    public static void Check(ServerOptions server, IReadOnlyList<ListenModel> listen, AppModel app, SourceLocation? workerNumAt, Diagnostics diagnostics)
    {
        var workers = server.WorkerProcesses;
        if (workers <= 1)
        {
            return;
        }

        var at = workerNumAt ?? SourceLocation.Of("worker_num");
        var count = server.WorkerNum < 0 ? $"worker_num -1 ({workers} CPUs)" : $"worker_num {workers}";
        if (server.Broker is null && FirstChannel(app) is { } channel)
        {
            diagnostics.Add(at, $"{count} runs {workers} processes and the app has channels (the route at {channel}); without a broker each worker would have rooms of its own: set broker (redis://host:port) or worker_num 0");
        }

        var unshareable = server.Bind.Where(b => b.UnixPath is not null).Select(b => b.UnixPath!)
            .Concat(listen.Where(l => l.Address.UnixPath is not null).Select(l => l.Address.UnixPath!))
            .FirstOrDefault();
        if (unshareable is not null)
        {
            diagnostics.Add(at, $"{count}: worker processes share a listener through SO_REUSEPORT, which a unix socket ({unshareable}) does not have; listen on TCP or use worker_num 0 or 1");
        }

        if (!server.ReusePort || listen.Any(l => l.Address.UnixPath is null && !l.Options.ReusePort))
        {
            diagnostics.Add(at, $"{count}: worker processes share the listeners through SO_REUSEPORT, and reuse_port is false");
        }
    }

    /// <summary>Where the first broadcast WebSocket or SSE channel route is, mounted apps included.</summary>
    private static SourceLocation? FirstChannel(AppModel app) =>
        app.Routes.Where(r => r.WebSocket?.Mode == WebSocketMode.Broadcast || r.Sse?.Channel is not null).Select(r => (SourceLocation?)r.Location).FirstOrDefault()
        ?? app.Mounts.Select(m => FirstChannel(m.App)).FirstOrDefault(l => l is not null);
}
