namespace Tremolo.Bench.Load;

/// <summary>A load could not produce a trustworthy figure (server gone, connections refused...).</summary>
sealed class LoadFailedException(string message) : Exception(message);
