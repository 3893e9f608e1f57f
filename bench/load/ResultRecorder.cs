using System.Globalization;

namespace Tremolo.Bench.Load;

/// <summary>Appends one line per figure to the raw TSV and echoes it for the run log.</summary>
sealed class ResultRecorder(string path, string server, string round, string load)
{
    public void Add(string metric, double value)
    {
        var line = string.Join('\t', server, round, load, metric, value.ToString("0.###", CultureInfo.InvariantCulture));
        File.AppendAllText(path, line + "\n");
        Console.WriteLine($"  {load} | {server} | {metric} = {value.ToString("0.###", CultureInfo.InvariantCulture)}");
    }
}
