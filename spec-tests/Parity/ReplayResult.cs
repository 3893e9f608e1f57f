namespace Tremolo.SpecTests.Parity;

/// <summary>One recorded read, raw. <see cref="Final"/> marks what came after the last step.</summary>
public sealed record RawRead(int Conn, byte[] Data, bool Eof, bool Final);

/// <summary>
/// What a replay saw before normalisation. <see cref="Closed"/> and <see cref="LocalPorts"/>
/// follow the connections in ascending number; Closed holds nulls when closes are not checked.
/// </summary>
public sealed record ReplayResult(IReadOnlyList<RawRead> Reads, bool CheckClose, IReadOnlyList<bool?> Closed, IReadOnlyList<int> LocalPorts);
