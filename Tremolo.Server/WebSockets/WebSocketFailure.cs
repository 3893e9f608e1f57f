namespace Tremolo.Server.WebSockets;

/// <summary>Why the server closes: the status code of its close frame, and a reason for the log.</summary>
public readonly record struct WebSocketFailure(ushort Code, string Reason);
