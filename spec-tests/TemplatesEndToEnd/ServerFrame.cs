namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>A WebSocket frame as the server sent it (unmasked).</summary>
internal sealed record ServerFrame(int Opcode, byte[] Payload);
