using Microsoft.Extensions.Configuration;
using Tremolo.Config.Loading;
using Tremolo.Config.Model;

namespace Tremolo.Config.Options;

/// <summary>
/// Server options from every source, lowest first: built-in defaults, YAML `server:`,
/// TREMOLO_* environment variables, CLI flags. Each source is validated on its own (a bad
/// value is reported with its source even when a higher one overrides it) and stored as
/// canonical text; Microsoft.Extensions.Configuration does the layering.
/// </summary>
internal static class OptionLayers
{
    public static OptionLayer FromEnvironment(IReadOnlyDictionary<string, string?> environment, string workingDirectory, Diagnostics diagnostics)
    {
        var layer = new OptionLayer();
        foreach (var spec in OptionCatalog.All)
        {
            if (environment.TryGetValue(spec.EnvironmentVariable, out var raw) && raw is not null)
            {
                Add(layer, spec, raw, workingDirectory, SourceLocation.Of(spec.EnvironmentVariable), diagnostics);
            }
        }

        return layer;
    }

    public static OptionLayer FromCli(IReadOnlyList<string> args, string workingDirectory, Diagnostics diagnostics)
    {
        var layer = new OptionLayer();
        if (!CliFlagParser.TryParse(args, out var flags, out var positionals, out var usage))
        {
            diagnostics.Add(SourceLocation.Of("command line"), usage);
            return layer;
        }

        foreach (var positional in positionals)
        {
            diagnostics.Add(SourceLocation.Of("command line"), $"unexpected argument '{positional}'");
        }

        foreach (var flag in flags)
        {
            Add(layer, OptionCatalog.Named(flag.Option)!, flag.Value, workingDirectory, SourceLocation.Of(flag.Flag), diagnostics);
        }

        return layer;
    }

    /// <summary>Validates one value; a good one goes into the layer as canonical text.</summary>
    public static bool Add(OptionLayer layer, OptionSpec spec, string raw, string baseDirectory, SourceLocation source, Diagnostics diagnostics)
    {
        if (!spec.Kind.TryParse(raw, baseDirectory, out var value, out var error))
        {
            diagnostics.Add(source, error);
            return false;
        }

        layer[spec.Name] = spec.Kind.Format(value);
        layer.Origins[spec.Name] = source;
        return true;
    }

    public static IConfiguration Merge(Dictionary<string, string> yaml, Dictionary<string, string> environment, Dictionary<string, string> cli) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(yaml!)
            .AddInMemoryCollection(environment!)
            .AddCommandLine([.. cli.Select(kv => $"--{kv.Key}={kv.Value}")])
            .Build();

    /// <summary>A listener's own options over the layered ones.</summary>
    public static IConfiguration Override(IConfiguration layered, Dictionary<string, string> own) =>
        new ConfigurationBuilder().AddConfiguration(layered).AddInMemoryCollection(own!).Build();

    public static ServerOptions Build(IConfiguration configuration)
    {
        var options = new ServerOptions();
        foreach (var spec in OptionCatalog.All)
        {
            // Values were validated when their layer was read; canonical text always parses.
            if (configuration[spec.Name] is { } text && spec.Kind.TryParse(text, "", out var value, out _))
            {
                options = spec.Apply(options, value);
            }
        }

        // Tremolo logs at DEBUG when debug is on and no level was chosen.
        return configuration["log_level"] is null && options.Debug ? options with { LogLevel = "DEBUG" } : options;
    }
}
