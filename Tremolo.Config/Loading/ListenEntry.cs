using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>A `listen:` entry as read: its own option layer and its socket path, if any.</summary>
internal sealed record ListenEntry(Options.OptionLayer Options, string? UnixPath, SourceLocation Location);
