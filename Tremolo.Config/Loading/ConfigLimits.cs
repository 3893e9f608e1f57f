namespace Tremolo.Config.Loading;

/// <summary>
/// Bounds on what one load may read and build, so no file (careless or hostile) can take the
/// loader, or a running server under `reload`, past its stack or memory. Far above any real
/// config; documented in docs/configuration.md ("Limits").
/// </summary>
internal static class ConfigLimits
{
    /// <summary>Nesting of mappings and lists, counted after aliases are expanded.</summary>
    public const int MaxDepth = 100;

    /// <summary>YAML nodes in one load (every file), counted after aliases are expanded.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Characters of scalar text in one load, counted after aliases are expanded.</summary>
    public const long MaxScalarChars = 32L * 1024 * 1024;

    /// <summary>Bytes of one file the config names to be read at load (YAML, include, template_file, ssl).</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>Bytes of every file read in one load together (includes may name one file many times).</summary>
    public const long MaxTotalBytes = 32L * 1024 * 1024;
}
