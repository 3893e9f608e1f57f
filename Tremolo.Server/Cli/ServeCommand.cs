using System.Runtime.InteropServices;
using Tremolo.Server.Hosting;

namespace Tremolo.Server.Cli;

/// <summary>
/// `tremolo serve`: load, then run the engine. SIGINT or SIGTERM drains (within
/// shutdown_timeout); a second one exits at once; SIGHUP loads the config again.
/// </summary>
internal static class ServeCommand
{
    public static int Run(CommandArguments arguments, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (ConfigReport.Load(arguments, stderr, environment).Document is not { } document)
        {
            return CommandLine.Invalid;
        }

        using var stop = new CancellationTokenSource();
        TremoloHost? running = null;
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop, stderr));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop, stderr));
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Volatile.Read(ref running)?.ReloadNow("SIGHUP received, loading the config again");
        });
        try
        {
            var source = new ReloadSource(arguments.ConfigPath, arguments.Flags, environment);
            TremoloHost.RunAsync(document, stdout, stderr, source, stop.Token, host => Volatile.Write(ref running, host)).GetAwaiter().GetResult();
        }
        catch (StartupException e)
        {
            stderr.WriteLine($"tremolo: {e.Message}");
            return CommandLine.Invalid;
        }

        return CommandLine.Ok;
    }

    /// <summary>The first signal starts a drain instead of killing the process; a second one ends it now.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stop, TextWriter stderr)
    {
        context.Cancel = true;
        if (!stop.IsCancellationRequested)
        {
            stop.Cancel();
            return;
        }

        var (name, code) = context.Signal == PosixSignal.SIGINT ? ("SIGINT", 130) : ("SIGTERM", 143);
        stderr.WriteLine($"tremolo: second {name}: exiting without waiting for the drain");
        stderr.Flush();
        Environment.Exit(code);
    }
}
