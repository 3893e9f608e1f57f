namespace Tremolo.SpecTests.Parity;

/// <summary>A case's options: the default quiet spell of idle reads, the wait for a pending close after the last step, and whether closes are checked at all.</summary>
public sealed record CaseOptions(int IdleMs, int FinalMs, bool CheckClose)
{
    public const int DefaultIdleMs = 300;
    public const int DefaultFirstMs = 3000;
    public const int DefaultTimeoutMs = 5000;
    public const int DefaultFinalMs = 300;
}
