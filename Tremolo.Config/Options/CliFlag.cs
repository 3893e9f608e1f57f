namespace Tremolo.Config.Options;

/// <summary>One option given on the command line: the flag as typed, the option it sets, its text value.</summary>
public sealed record CliFlag(string Flag, string Option, string Value);
