using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tremolo.Server.Hosting;
using Tremolo.Server.Hosting.Workers;

namespace Tremolo.Server.Cli;

/// <summary>
/// `tremolo serve`: load, then run the engine. SIGINT or SIGTERM drains (within
/// shutdown_timeout); a second one exits at once; SIGHUP loads the config again. With
/// worker_num, this process is the supervisor of that many workers (this command run again
/// as <see cref="WorkerIdentity"/>), and the signals reach every worker through it.
/// </summary>
internal static class ServeCommand
{
    public static int Run(CommandArguments arguments, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (ConfigReport.Load(arguments, stderr, environment).Document is not { } document)
        {
            return CommandLine.Invalid;
        }

        var worker = WorkerIdentity.Current;
        try
        {
            if (worker is null && document.Server.WorkerProcesses > 0)
            {
                return Supervise(document, arguments, stdout, stderr);
            }

            var source = new ReloadSource(arguments.ConfigPath, arguments.Flags, environment) { Adjust = worker is null ? null : worker.Apply };
            return Serve(worker is null ? document : worker.Apply(document), source, worker is not null, stdout, stderr);
        }
        catch (StartupException e)
        {
            stderr.WriteLine($"tremolo: {e.Message}");
            return CommandLine.Invalid;
        }
    }

    private static int Serve(Config.Model.AppDocument document, ReloadSource source, bool isWorker, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        var signals = new StrongBox<int>();
        TremoloHost? running = null;
        void Reload(string why) => Volatile.Read(ref running)?.ReloadNow(why);

        // A worker's SIGINT is the terminal's Ctrl-C, which its supervisor got too and passes on.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (isWorker)
            {
                context.Cancel = true;
            }
            else
            {
                Stop(context, signals, stop, stderr);
            }
        });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, signals, stop, stderr));
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Reload("SIGHUP received, loading the config again");
        });
        if (isWorker)
        {
            WorkerControl.Listen(Console.In, () => CancelQuietly(stop), () => Reload("the supervisor received SIGHUP, loading the config again"));
        }

        TremoloHost.RunAsync(document, stdout, stderr, source, stop.Token, host => Volatile.Write(ref running, host)).GetAwaiter().GetResult();
        return CommandLine.Ok;
    }

    private static int Supervise(Config.Model.AppDocument document, CommandArguments arguments, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        var signals = new StrongBox<int>();
        WorkerSupervisor? running = null;
        void OnStop(PosixSignalContext context) => Stop(context, signals, stop, stderr, () => Volatile.Read(ref running)?.ExitAll());
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStop);
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Volatile.Read(ref running)?.ReloadAll();
        });
        return WorkerSupervisor.Run(document, ["serve", arguments.ConfigPath, .. arguments.Flags], stdout, stderr, stop.Token, supervisor => Volatile.Write(ref running, supervisor));
    }

    /// <summary>The first signal starts a drain instead of killing the process; a second one ends it now.</summary>
    /// <param name="beforeExit">What must go with this process when it exits at once (a supervisor's workers).</param>
    /// <param name="signals">How many stop signals came so far.</param>
    private static void Stop(PosixSignalContext context, StrongBox<int> signals, CancellationTokenSource stop, TextWriter stderr, Action? beforeExit = null)
    {
        context.Cancel = true;
        // Counted per signal, not from the token: a worker told to stop by its supervisor still
        // drains on the SIGTERM systemd sends every process of the unit.
        if (Interlocked.Increment(ref signals.Value) == 1)
        {
            CancelQuietly(stop);
            return;
        }

        var (name, code) = context.Signal == PosixSignal.SIGINT ? ("SIGINT", 130) : ("SIGTERM", 143);
        stderr.WriteLine($"tremolo: second {name}: exiting without waiting for the drain");
        stderr.Flush();
        beforeExit?.Invoke();
        Environment.Exit(code);
    }

    private static void CancelQuietly(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The process is on its way out already.
        }
    }
}
