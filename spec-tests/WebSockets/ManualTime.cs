namespace Tremolo.SpecTests.WebSockets;

/// <summary>A clock the test moves by hand (the connection's silence is measured on it).</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, by.Ticks);
}
