namespace Tremolo.Bench.Load;

/// <summary>Nearest-rank percentiles over a set of samples.</summary>
static class Percentiles
{
    public static double Of(List<double> samples, double percent)
    {
        if (samples.Count == 0) return double.NaN;
        samples.Sort();
        var rank = (int)Math.Ceiling(percent / 100 * samples.Count);
        return samples[Math.Clamp(rank - 1, 0, samples.Count - 1)];
    }
}
