using Tremolo.Config.Model;

namespace Tremolo.Config.Options;

/// <summary>
/// One source's options (YAML `server:`, a `listen:` entry, the environment, the flags) as
/// canonical text, and where each was set: errors found once the layers are merged (a TLS
/// file that does not load, a listener address bound twice) point at the setting.
/// </summary>
internal sealed class OptionLayer : Dictionary<string, string>
{
    public OptionLayer()
        : base(StringComparer.Ordinal)
    {
    }

    public Dictionary<string, SourceLocation> Origins { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the first of <paramref name="options"/> this layer sets was set.</summary>
    public SourceLocation? OriginOf(params string[] options) =>
        options.Where(Origins.ContainsKey).Select(o => (SourceLocation?)Origins[o]).FirstOrDefault();

    /// <summary>The origin in the highest of <paramref name="layers"/> (lowest first) that sets one of <paramref name="options"/>.</summary>
    public static SourceLocation? Winning(IEnumerable<OptionLayer> layers, params string[] options) =>
        layers.Reverse().Select(l => l.OriginOf(options)).FirstOrDefault(o => o is not null);
}
