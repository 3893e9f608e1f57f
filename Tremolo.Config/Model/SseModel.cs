using Tremolo.Templates;

namespace Tremolo.Config.Model;

/// <summary>Server-Sent Events: fixed events in order, and/or every message of a channel.</summary>
public sealed record SseModel(IReadOnlyList<SseEventModel> Events, CompiledTemplate? Channel, SourceLocation Location);

/// <summary>sse.send(data, event=, event_id=, retry=).</summary>
public sealed record SseEventModel(CompiledTemplate Data, string? Event, string? Id, int Retry);
