namespace Tremolo.Server.Cli;

/// <summary>`tremolo check`: every error as FILE:LINE:COL: message, or `ok`.</summary>
internal static class CheckCommand
{
    public static int Run(CommandArguments arguments, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (!ConfigReport.Load(arguments, stderr, environment).IsValid)
        {
            return CommandLine.Invalid;
        }

        stdout.WriteLine("ok");
        return CommandLine.Ok;
    }
}
