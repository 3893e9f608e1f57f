using Tremolo.Config.Routing;

namespace Tremolo.Server.Cli;

/// <summary>`tremolo routes`: the route table as the engine matches it.</summary>
internal static class RoutesCommand
{
    public static int Run(CommandArguments arguments, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment)
    {
        if (ConfigReport.Load(arguments, stderr, environment).Document is not { } document)
        {
            return CommandLine.Invalid;
        }

        stdout.Write(RouteTableFormatter.Format(RouteTableBuilder.Build(document.App)));
        return CommandLine.Ok;
    }
}
