namespace Tremolo.Config.Loading;

/// <summary>State shared by every file of one load: the errors, the files read, the include chain.</summary>
internal sealed class LoadSession(IReadOnlyDictionary<string, string?> environment)
{
    public Diagnostics Diagnostics { get; } = new();

    /// <summary>What the files read so far have spent of <see cref="ConfigLimits"/>.</summary>
    public LoadBudget Budget { get; } = new();

    public IReadOnlyDictionary<string, string?> Environment => environment;

    /// <summary>Every file whose content is baked into the model (YAML, includes, template files).</summary>
    public List<string> WatchedFiles { get; } = [];

    /// <summary>The YAML files being read, outermost first (for include cycles).</summary>
    public List<SourceFile> IncludeChain { get; } = [];
}
