using Tremolo.Config.Loading;

namespace Tremolo.Config.Options;

/// <summary>
/// Splits `tremolo` arguments into option flags (`--port 8080`, `--port=8080`, switches
/// like `--debug`) and positionals, as `python3 -m tremolo` names them.
/// </summary>
public static class CliFlagParser
{
    /// <summary>False with a usage message for an unknown flag or a missing value.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out List<CliFlag> flags, out List<string> positionals, out string error)
    {
        flags = [];
        positionals = [];
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=');
            var flag = equals < 0 ? arg : arg[..equals];
            if (OptionCatalog.Switches.TryGetValue(flag, out var toggle))
            {
                if (equals >= 0)
                {
                    error = $"{flag} takes no value";
                    return false;
                }

                flags.Add(new CliFlag(flag, toggle.Option, toggle.Value));
                continue;
            }

            if (OptionCatalog.ForFlag(flag) is not { } spec)
            {
                var known = OptionCatalog.Flags.Concat(OptionCatalog.Switches.Keys);
                var suggestion = KeySuggester.Suggest(flag, known);
                error = suggestion is null ? $"unknown option {flag}" : $"unknown option {flag}; did you mean {suggestion}?";
                return false;
            }

            if (equals >= 0)
            {
                flags.Add(new CliFlag(flag, spec.Name, arg[(equals + 1)..]));
            }
            else if (i + 1 < args.Count)
            {
                flags.Add(new CliFlag(flag, spec.Name, args[++i]));
            }
            else
            {
                error = $"{flag} needs a value";
                return false;
            }
        }

        return true;
    }
}
