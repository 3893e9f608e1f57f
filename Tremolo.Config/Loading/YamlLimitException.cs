using YamlDotNet.Core;

namespace Tremolo.Config.Loading;

/// <summary>A YAML file went past a <see cref="ConfigLimits"/> bound at <see cref="At"/>.</summary>
internal sealed class YamlLimitException(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}
