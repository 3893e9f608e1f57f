namespace Tremolo.SpecTests.Robustness;

/// <summary>Reads the lines a TestApp's server logged at a given level ("[date] tremolo: LEVEL: message").</summary>
public static class ServerLogLines
{
    public static string[] AtLevel(string log, string level)
        => log.Split('\n').Where(line => line.Contains($" tremolo: {level}: ", StringComparison.Ordinal)).ToArray();
}
