using System.Collections;

namespace Tremolo.Server.Cli;

/// <summary>The `tremolo` command: serve, check, routes, --version. Exit codes: 0 ok, 1 invalid config, 2 usage.</summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;

    public static int Run(string[] args) =>
        Run(args, Console.Out, Console.Error, ProcessEnvironment());

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (args.Count == 0)
        {
            stderr.Write(UsageText.Main);
            return Usage;
        }

        var command = args[0];
        var rest = args.Skip(1).ToList();
        switch (command)
        {
            case "--help" or "-h" or "help":
                stdout.Write(UsageText.Main);
                return Ok;
            case "--version" or "-V" or "version":
                stdout.WriteLine($"tremolo {ToolVersion.Current}");
                return Ok;
            case "serve" or "check" or "routes":
                if (rest.Contains("--help") || rest.Contains("-h"))
                {
                    stdout.Write(UsageText.For(command));
                    return Ok;
                }

                if (!CommandArguments.TryParse(rest, out var arguments, out var problem))
                {
                    // One line and where to look, not the whole option list.
                    stderr.WriteLine($"tremolo {command}: {problem}");
                    stderr.WriteLine($"Run 'tremolo {command} --help' for the options.");
                    return Usage;
                }

                return command switch
                {
                    "check" => CheckCommand.Run(arguments, stdout, stderr, environment),
                    "routes" => RoutesCommand.Run(arguments, stdout, stderr, environment),
                    _ => ServeCommand.Run(arguments, stdout, stderr, environment),
                };
            default:
                stderr.WriteLine($"tremolo: unknown command '{command}' (serve, check or routes)");
                stderr.WriteLine("Run 'tremolo --help' for the commands.");
                return Usage;
        }
    }

    private static Dictionary<string, string?> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }

        return environment;
    }
}
