namespace Tremolo.Server.Files;

/// <summary>One header line of a planned response; the value is written as latin-1.</summary>
public readonly record struct ResponseHeader(string Name, string Value);
