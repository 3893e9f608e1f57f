namespace Tremolo.Server.Hosting;

/// <summary>
/// Watches a set of files (the YAML and every file it names) through one watcher per folder,
/// so editors that save by writing a temp file and renaming it are seen too. A burst of events
/// (a save is often several) becomes one call, <see cref="DebounceMs"/> after the last event.
/// </summary>
internal sealed class ConfigWatcher : IDisposable
{
    public const int DebounceMs = 300;

    private readonly Lock _lock = new();
    private readonly Timer _debounce;
    private List<FileSystemWatcher> _watchers = [];
    private HashSet<string> _files = [];
    private bool _disposed;

    public ConfigWatcher(Action changed)
    {
        _debounce = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Replaces the watched set (a reload may name other files).</summary>
    public void Watch(IEnumerable<string> files)
    {
        var set = files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var watchers = new List<FileSystemWatcher>();
        foreach (var folder in set.Select(Path.GetDirectoryName).Distinct().OfType<string>().Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            // Lost events (an overflowing buffer) may hide a change: check anyway.
            watcher.Error += (_, _) => Poke();
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }

        List<FileSystemWatcher> old;
        lock (_lock)
        {
            if (_disposed)
            {
                old = watchers;
            }
            else
            {
                old = _watchers;
                _watchers = watchers;
                _files = set;
            }
        }

        old.ForEach(w => w.Dispose());
    }

    public void Dispose()
    {
        List<FileSystemWatcher> old;
        lock (_lock)
        {
            _disposed = true;
            old = _watchers;
            _watchers = [];
        }

        old.ForEach(w => w.Dispose());
        _debounce.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        HashSet<string> files;
        lock (_lock)
        {
            files = _files;
        }

        if (files.Contains(e.FullPath) || (e is RenamedEventArgs renamed && files.Contains(renamed.OldFullPath)))
        {
            Poke();
        }
    }

    private void Poke()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _debounce.Change(DebounceMs, Timeout.Infinite);
            }
        }
    }
}
