namespace Tremolo.SpecTests.Support;

/// <summary>When a <see cref="RawHttpClient"/> read stops (besides end of stream).</summary>
public enum ReadUntil
{
    /// <summary>Wait for a first byte, then stop after a quiet spell.</summary>
    Idle,

    /// <summary>Stop once at least a given number of bytes have come, or at the timeout.</summary>
    Bytes,

    /// <summary>Stop when the server closes, or at the timeout.</summary>
    Close,
}
