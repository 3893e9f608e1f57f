namespace Tremolo.Config.Loading;

/// <summary>What one load has spent of <see cref="ConfigLimits"/>: bytes read, nodes and scalar text built.</summary>
internal sealed class LoadBudget
{
    public long Bytes { get; set; }

    public long Nodes { get; set; }

    public long ScalarChars { get; set; }
}
