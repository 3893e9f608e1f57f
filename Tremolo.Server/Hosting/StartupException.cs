namespace Tremolo.Server.Hosting;

/// <summary>
/// The server could not start with what the config says: the message is the one line
/// `tremolo serve` prints before it exits 1.
/// </summary>
public sealed class StartupException(string message, Exception inner) : Exception(message, inner);
