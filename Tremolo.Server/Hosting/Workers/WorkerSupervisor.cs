using System.Net;
using System.Net.Sockets;
using Tremolo.Config.Model;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Hosting.Workers;

/// <summary>
/// worker_num N: this process serves nothing; it holds every TCP listener's port (port 0
/// becomes one port for all) and keeps N <see cref="WorkerProcess"/>es running, each binding
/// the ports with SO_REUSEPORT, so the kernel spreads new connections over them. A worker
/// that dies is started again after a backoff; one that cannot start five times in a row
/// stops everything with exit 1. Worker 1 starts alone first, so a start-up failure (a
/// broker out of reach) is its one line and exit 1, as without workers.
/// </summary>
internal sealed class WorkerSupervisor
{
    private const int StartAttempts = 5;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(8);

    /// <summary>A worker that ran this long before it died is restarted after the first backoff again.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyList<string> _arguments;
    private readonly ServerLog _log;
    private readonly WorkerProcess?[] _workers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _drainLimit;
    private int _exitCode;

    private WorkerSupervisor(IReadOnlyList<string> arguments, ServerLog log, int count, double shutdownTimeout)
    {
        _arguments = arguments;
        _log = log;
        _workers = new WorkerProcess?[count];
        // Each worker drains within shutdown_timeout; one that is still there after a margin is killed.
        _drainLimit = TimeSpan.FromSeconds(shutdownTimeout + 10);
    }

    /// <summary>Runs the workers until <paramref name="stop"/> (drain all) or a give-up; the exit status.</summary>
    /// <param name="arguments">`serve`, CONFIG and the flags, to start each worker with.</param>
    /// <param name="started">Given the supervisor once the workers run (signals reach them through it).</param>
    public static int Run(AppDocument document, IReadOnlyList<string> arguments, TextWriter console, TextWriter records, CancellationToken stop, Action<WorkerSupervisor> started)
    {
        var server = document.Server;
        var log = new ServerLog(records, console, server.LogLevel, server.LogFmt, json: server.LogFormat == "json");
        var held = new List<Socket>();
        try
        {
            var ports = new List<int>();
            foreach (var (address, options, setting) in TremoloHost.Addresses(document))
            {
                ports.Add(address.UnixPath is null ? Hold(address, options, setting, held) : 0);
            }

            var supervisor = new WorkerSupervisor(arguments, log, server.WorkerProcesses, server.ShutdownTimeout);
            using var onStop = stop.Register(supervisor.StopAll);
            started(supervisor);
            return supervisor.RunAsync(ports).GetAwaiter().GetResult();
        }
        finally
        {
            held.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>SIGHUP: every worker loads the config again.</summary>
    public void ReloadAll()
    {
        _log.Info("reload: SIGHUP received, telling every worker to load the config again");
        Tell(WorkerControl.Reload);
    }

    /// <summary>A second stop signal: every worker exits at once (the supervisor exits next).</summary>
    public void ExitAll() => Tell(WorkerControl.Exit);

    private async Task<int> RunAsync(List<int> ports)
    {
        var firstReady = new TaskCompletionSource<bool>[_workers.Length];
        var keepers = new List<Task>();
        for (var i = 0; i < _workers.Length; i++)
        {
            firstReady[i] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            keepers.Add(KeepAsync(new WorkerIdentity(i + 1, ports), firstReady[i], fatalAtFirst: i == 0));
            if (i == 0 && !await firstReady[0].Task)
            {
                // Stopped while starting (0), or worker 1 could not start and said why (1).
                await keepers[0];
                return Volatile.Read(ref _exitCode);
            }

            if (i == 0)
            {
                // Only now: a start-up failure stays one line on stderr and nothing else.
                _log.Print($"Tremolo main (pid {Environment.ProcessId}) is running {_workers.Length} worker process{(_workers.Length == 1 ? "" : "es")}");
            }
        }

        if ((await Task.WhenAll(firstReady.Select(r => r.Task))).All(ready => ready))
        {
            SystemdNotifier.Send("READY=1", _log);
        }

        await Task.WhenAll(keepers);
        return Volatile.Read(ref _exitCode);
    }

    /// <summary>Keeps worker <paramref name="identity"/> running until the drain.</summary>
    /// <param name="firstReady">Set when its first start ends: true ready, false exited before.</param>
    /// <param name="fatalAtFirst">A failed first start stops the supervisor with exit 1 (worker 1: its own line says why).</param>
    private async Task KeepAsync(WorkerIdentity identity, TaskCompletionSource<bool> firstReady, bool fatalAtFirst)
    {
        if (_stopping.IsCancellationRequested)
        {
            firstReady.TrySetResult(false);
            return;
        }

        var slot = identity.Number - 1;
        var failedStarts = 0;
        var backoff = FirstBackoff;
        while (true)
        {
            WorkerProcess started;
            try
            {
                started = WorkerProcess.Start(_arguments, identity);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or SocketException)
            {
                _log.Error($"cannot start worker {identity.Number}: {e.Message}; stopping every worker");
                Volatile.Write(ref _exitCode, 1);
                firstReady.TrySetResult(false);
                StopAll();
                return;
            }

            using var worker = started;
            Volatile.Write(ref _workers[slot], worker);
            if (_stopping.IsCancellationRequested)
            {
                worker.Send(WorkerControl.Stop);
            }

            var ready = await worker.Ready;
            if (ready && firstReady.Task.IsCompleted)
            {
                _log.Info($"worker {identity.Number} (pid {worker.Pid}) is serving again");
            }

            var first = firstReady.TrySetResult(ready);
            var code = await worker.Exited;
            Volatile.Write(ref _workers[slot], null);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (code == 0)
            {
                _log.Info($"worker {identity.Number} (pid {worker.Pid}) exited; it is not started again");
                return;
            }

            if (!ready && first && fatalAtFirst)
            {
                Volatile.Write(ref _exitCode, 1);
                _stopping.Cancel();
                return;
            }

            failedStarts = ready ? 0 : failedStarts + 1;
            if (failedStarts >= StartAttempts)
            {
                _log.Error($"worker {identity.Number} failed to start {StartAttempts} times in a row (last exit status {code}); stopping every worker");
                Volatile.Write(ref _exitCode, 1);
                StopAll();
                return;
            }

            backoff = worker.Age >= Settled ? FirstBackoff : backoff;
            _log.Error($"worker {identity.Number} (pid {worker.Pid}) died (exit status {code}); starting it again in {backoff.TotalSeconds:0.##} s");
            try
            {
                await Task.Delay(backoff, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
        }
    }

    /// <summary>The drain: every worker stops accepting and finishes within shutdown_timeout.</summary>
    private void StopAll()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        SystemdNotifier.Send("STOPPING=1", _log);
        Tell(WorkerControl.Stop);
        _ = KillLateAsync();
    }

    private async Task KillLateAsync()
    {
        await Task.Delay(_drainLimit);
        for (var i = 0; i < _workers.Length; i++)
        {
            if (Volatile.Read(ref _workers[i]) is { } late)
            {
                _log.Error($"worker (pid {late.Pid}) did not finish its drain in time; killing it");
                late.Kill();
            }
        }
    }

    private void Tell(string command)
    {
        for (var i = 0; i < _workers.Length; i++)
        {
            Volatile.Read(ref _workers[i])?.Send(command);
        }
    }

    /// <summary>Holds one TCP listener's port; what `serve` without workers would say when it cannot.</summary>
    private static int Hold(BindAddress address, ServerOptions options, SourceLocation? setting, List<Socket> held)
    {
        var host = address.Host ?? options.Host;
        try
        {
            var socket = SocketListener.ReserveTcp(host, address.Port);
            held.Add(socket);
            return ((IPEndPoint)socket.LocalEndPoint!).Port;
        }
        catch (SocketException e)
        {
            throw StartupException.CannotListen(address with { Host = host }, setting, e);
        }
    }
}
