namespace Tremolo.SpecTests.WebSockets;

/// <summary>A clock that moves only when told; due timers fire inside <see cref="Advance"/>.</summary>
internal sealed class ManualTime : TimeProvider
{
    private readonly List<Timer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _now, by.Ticks);
        while (true)
        {
            Timer? due;
            lock (_timers)
            {
                due = _timers.FirstOrDefault(t => t.DueAt <= _now);
            }

            if (due is null)
            {
                return;
            }

            due.Fire();
        }
    }

    private sealed class Timer(ManualTime time, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : time.GetTimestamp() + Math.Max(0, dueTime.Ticks);
            return true;
        }

        public void Fire()
        {
            DueAt = long.MaxValue;
            callback(state);
        }

        public void Dispose() => DueAt = long.MaxValue;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
