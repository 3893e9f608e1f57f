using Tremolo.Config.Options;

namespace Tremolo.Server.Cli;

/// <summary>A command's CONFIG (default ./tremolo.yaml) and its option flags.</summary>
internal sealed record CommandArguments(string ConfigPath, IReadOnlyList<string> Flags)
{
    public const string DefaultConfig = "tremolo.yaml";

    public static bool TryParse(IReadOnlyList<string> args, out CommandArguments arguments, out string problem)
    {
        arguments = new CommandArguments(DefaultConfig, []);
        if (!CliFlagParser.TryParse(args, out _, out var positionals, out problem))
        {
            return false;
        }

        if (positionals.Count > 1)
        {
            problem = $"one CONFIG at most, got '{string.Join("', '", positionals)}'";
            return false;
        }

        var config = positionals.Count == 1 ? positionals[0] : DefaultConfig;
        var flags = args.ToList();
        if (positionals.Count == 1)
        {
            // The flag parser consumed flag values, so the lone positional is CONFIG.
            flags.RemoveAt(PositionOf(args, config));
        }

        arguments = new CommandArguments(config, flags);
        return true;
    }

    /// <summary>Where CONFIG stands: the positional that is not a flag's value.</summary>
    private static int PositionOf(IReadOnlyList<string> args, string config)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!arg.Contains('=') && !OptionCatalog.Switches.ContainsKey(arg))
                {
                    i++;
                }

                continue;
            }

            if (arg == config)
            {
                return i;
            }
        }

        return -1;
    }
}
