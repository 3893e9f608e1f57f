namespace Tremolo.Server.Http;

/// <summary>What one access log line says: the request, its answer, and for a session what went through it.</summary>
internal readonly record struct AccessEntry(
    string RemoteHost, string Method, string Target, string Version, int Status, long BytesSent, TimeSpan Duration,
    bool Session = false, long MessagesIn = 0, long MessagesOut = 0);
