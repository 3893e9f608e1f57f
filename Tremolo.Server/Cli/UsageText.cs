using System.Text;
using Tremolo.Config.Options;

namespace Tremolo.Server.Cli;

/// <summary>The help texts of `tremolo` and its commands.</summary>
internal static class UsageText
{
    public const string Main =
        """
        usage: tremolo <command> [CONFIG] [options]

        commands:
          serve [CONFIG] [options]   serve the app (CONFIG defaults to ./tremolo.yaml)
          check [CONFIG] [options]   validate; print every error as FILE:LINE:COL: message
          routes [CONFIG] [options]  print the route table as resolved (methods, pattern, kind)
          --version, -V              print the version

        Run 'tremolo <command> --help' for the options. Exit codes: 0 ok, 1 invalid config, 2 usage.

        """;

    public static string For(string command)
    {
        var text = new StringBuilder();
        text.Append(command switch
        {
            "serve" => "usage: tremolo serve [CONFIG] [options]\n\nServes the app; Ctrl-C or SIGTERM drains within shutdown_timeout.\n",
            "check" => "usage: tremolo check [CONFIG] [options]\n\nValidates the config; prints every error as FILE:LINE:COL: message (exit 1), or ok.\n",
            _ => "usage: tremolo routes [CONFIG] [options]\n\nPrints the route table as resolved: methods, pattern with mount prefixes, what it serves.\n",
        });
        text.Append("\nCONFIG defaults to ./tremolo.yaml. Options (over the YAML `server:` and TREMOLO_<OPTION> variables):\n");
        foreach (var spec in OptionCatalog.All.Where(o => o.Flag is not null))
        {
            var (flag, sets) = OptionCatalog.Switches.TryGetValue(spec.Flag!, out var toggle)
                ? (spec.Flag!, $"{toggle.Option}: {toggle.Value}")
                : ($"{spec.Flag} VALUE", spec.Name);
            text.Append("  ").Append(flag.PadRight(32)).Append(sets).Append('\n');
        }

        text.Append("\nSee docs/configuration.md for each option's meaning and default.\n");

        return text.ToString();
    }
}
