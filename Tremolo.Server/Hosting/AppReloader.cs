using Tremolo.Config.Model;
using Tremolo.Config.Routing;
using Tremolo.Server.App;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Hosting;

/// <summary>
/// `reload`: when the YAML or a file it names changes, loads the app again the way it was
/// started and, when it is valid, swaps it into every listener; new requests get it, running
/// requests and open WebSockets keep the one they started with. An invalid app leaves the old
/// one serving and every error is logged with its position. Listeners and options are bound
/// at start, so a change to them is reported as needing a restart.
/// </summary>
internal sealed class AppReloader : IDisposable
{
    private readonly ReloadSource _source;
    private readonly IReadOnlyList<ListenerContext> _listeners;
    private readonly IUpgradeHandlers _responders;
    private readonly ServerLog _log;
    private readonly ConfigWatcher? _watcher;
    private readonly Lock _lock = new();
    private AppDocument _document;

    /// <param name="watch">Watch the files (`reload`); else only <see cref="Reload"/> (SIGHUP) loads again.</param>
    public AppReloader(ReloadSource source, AppDocument document, IReadOnlyList<ListenerContext> listeners, IUpgradeHandlers responders, ServerLog log, bool watch)
    {
        _source = source;
        _document = document;
        _listeners = listeners;
        _responders = responders;
        _log = log;
        if (watch)
        {
            _watcher = new ConfigWatcher(Reload);
            _watcher.Watch(Files(document));
        }
    }

    public void Dispose() => _watcher?.Dispose();

    /// <summary>Loads the app again; a valid one is swapped in, an invalid one is logged and the old one kept.</summary>
    public void Reload()
    {
        // Debounced events may still overlap a slow load: one reload at a time.
        lock (_lock)
        {
            try
            {
                TremoloMetrics.Reloaded(Swap());
            }
            catch (Exception e)
            {
                TremoloMetrics.Reloaded(false);
                _log.Error($"reload: {e.GetType().Name}: {e.Message}; still serving the previous app");
            }
        }
    }

    /// <summary>Loads the config again and serves it; false when it is invalid (the previous app stays).</summary>
    private bool Swap()
    {
        var result = _source.Load();
        if (result.Document is not { } next)
        {
            _log.Error($"reload: {_source.ConfigPath} is invalid; still serving the previous app");
            foreach (var error in result.Errors)
            {
                _log.Error(error.ToString());
            }

            return false;
        }

        var table = RouteTableBuilder.Build(next.App);
        if (!SameListeners(_document, next))
        {
            _log.Warning("reload: listener addresses or server options changed; they take effect after a restart");
        }

        foreach (var listener in _listeners)
        {
            listener.Swap(new AppRuntime(table, listener.Options, _responders));
        }

        _document = next;
        _watcher?.Watch(Files(next));
        _log.Info($"reload: now serving {_source.ConfigPath}");
        return true;
    }

    private static IEnumerable<string> Files(AppDocument document) => document.WatchedFiles.Append(document.Path);

    private static bool SameListeners(AppDocument running, AppDocument next) =>
        SameOptions(running.Server, next.Server)
        && running.Listen.Count == next.Listen.Count
        && running.Listen.Zip(next.Listen).All(pair => pair.First.Address == pair.Second.Address && SameOptions(pair.First.Options, pair.Second.Options));

    // Records compare lists by reference: compare Bind by content, the rest as values.
    private static bool SameOptions(ServerOptions a, ServerOptions b) =>
        a.Bind.SequenceEqual(b.Bind) && a with { Bind = Array.Empty<BindAddress>() } == b with { Bind = Array.Empty<BindAddress>() };
}
