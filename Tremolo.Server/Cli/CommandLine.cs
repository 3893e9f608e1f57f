namespace Tremolo.Server.Cli;

/// <summary>The `tremolo` command: serve, check, routes.</summary>
public static class CommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("usage: tremolo serve|check|routes [CONFIG]");
        return args.Length == 0 ? 2 : 2;
    }
}
