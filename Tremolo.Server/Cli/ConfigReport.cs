using Tremolo.Config.Loading;

namespace Tremolo.Server.Cli;

/// <summary>Loads CONFIG with the flags and the environment, printing every warning, and every error when it is invalid.</summary>
internal static class ConfigReport
{
    public static LoadResult Load(CommandArguments arguments, TextWriter errors, IReadOnlyDictionary<string, string?> environment)
    {
        var result = ConfigLoader.Load(arguments.ConfigPath, arguments.Flags, environment);
        foreach (var warning in result.Warnings)
        {
            errors.WriteLine($"{warning.Location}: warning: {warning.Message}");
        }

        foreach (var error in result.Errors)
        {
            errors.WriteLine(error);
        }

        return result;
    }
}
