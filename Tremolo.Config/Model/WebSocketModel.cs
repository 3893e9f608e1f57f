using Tremolo.Templates;

namespace Tremolo.Config.Model;

public enum WebSocketMode
{
    Echo,
    Broadcast,
}

/// <summary>A no-code WebSocket endpoint.</summary>
public sealed record WebSocketModel(
    WebSocketMode Mode,
    CompiledTemplate Format,
    CompiledTemplate? Channel,
    CompiledTemplate? Greeting,
    int History,
    long? MaxPayloadSize,
    SourceLocation Location);
