using System.Runtime.InteropServices;
using Tremolo.Server.Hosting;

namespace Tremolo.Server.Cli;

/// <summary>`tremolo serve`: load, then run the engine until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static int Run(CommandArguments arguments, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (ConfigReport.Load(arguments, stderr, environment).Document is not { } document)
        {
            return CommandLine.Invalid;
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        try
        {
            TremoloHost.RunAsync(document, stdout, new ReloadSource(arguments.ConfigPath, arguments.Flags, environment), stop.Token).GetAwaiter().GetResult();
        }
        catch (StartupException e)
        {
            stderr.WriteLine($"tremolo: {e.Message}");
            return CommandLine.Invalid;
        }

        return CommandLine.Ok;
    }

    /// <summary>The signal starts a drain instead of killing the process.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
