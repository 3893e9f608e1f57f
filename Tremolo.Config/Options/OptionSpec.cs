using Tremolo.Config.Model;

namespace Tremolo.Config.Options;

/// <summary>
/// One server option: its snake_case name (YAML key, configuration key), its kind, its
/// CLI flag if `python3 -m tremolo --help` has one, and how it sets <see cref="ServerOptions"/>.
/// </summary>
public sealed record OptionSpec(string Name, OptionKind Kind, string? Flag, Func<ServerOptions, object, ServerOptions> Apply)
{
    /// <summary>TREMOLO_CLIENT_MAX_BODY_SIZE for client_max_body_size.</summary>
    public string EnvironmentVariable => "TREMOLO_" + Name.ToUpperInvariant();
}
