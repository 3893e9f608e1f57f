namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// The robustness tests count the process's open sockets, so they run alone, after every
/// parallel test class (no other test opens or closes sockets meanwhile).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RobustnessCollection
{
    public const string Name = "Robustness";
}
