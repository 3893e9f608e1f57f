using System.Globalization;
using System.Text;

namespace Tremolo.Bench.Load;

/// <summary>
/// Turns the raw TSV (server, round, load, metric, value) into one markdown table of medians
/// over rounds, each with its ratio to the baseline server. Lines whose load is "_status" carry
/// a server's state ("ok" or why it has no figures).
/// </summary>
static class Report
{
    const string Status = "_status";

    public static void Write(Options options)
    {
        var servers = options.Text("servers").Split(',');
        var baseline = options.Text("baseline");
        var rounds = options.Int("rounds", 1);
        var rows = File.ReadAllLines(options.Text("raw"))
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 5)
            .Select(f => new Row(f[0], f[1], f[2], f[3], f[4]))
            .ToList();

        var status = rows.Where(r => r.Load == Status).GroupBy(r => r.Server)
            .ToDictionary(g => g.Key, g => g.Last().Value);
        var figures = rows.Where(r => r.Load != Status).ToList();
        var keys = figures.Select(r => (r.Load, r.Metric)).Distinct().ToList();

        var table = new StringBuilder();
        table.AppendLine($"| Load | Metric | {string.Join(" | ", servers)} |");
        table.AppendLine($"|---|---|{string.Concat(servers.Select(_ => "---:|"))}");
        var incomplete = false;
        foreach (var (load, metric) in keys)
        {
            var baseValue = Median(figures, baseline, load, metric);
            var cells = servers.Select(server =>
            {
                var value = Median(figures, server, load, metric);
                var ran = figures.Where(r => r.Server == server && r.Load == load).Select(r => r.Round).Distinct().Count();
                if (value is null)
                {
                    // A figure only some servers have (a node of several): "-" where the load ran without it.
                    if (ran > 0) return metric == "errors" ? "0" : "-";
                    return status.TryGetValue(server, out var s) && s != "ok" ? s.Split(':')[0] : "failed";
                }
                var mark = ran < rounds ? "*" : "";
                incomplete |= ran < rounds;
                var ratio = server != baseline && baseValue is > 0 ? $" ({value.Value / baseValue.Value:0.00}x)" : "";
                return Format(value.Value) + mark + ratio;
            });
            table.AppendLine($"| {load} | {metric} | {string.Join(" | ", cells)} |");
        }
        if (incomplete) table.AppendLine().AppendLine($"\\* fewer than {rounds} rounds succeeded for this figure (see the run log).");
        var notes = status.Where(s => s.Value != "ok").Select(s => $"- {s.Key}: {s.Value}").ToList();
        if (notes.Count > 0) table.AppendLine().AppendLine(string.Join("\n", notes));
        Console.Write(table.ToString());
    }

    static double? Median(List<Row> figures, string server, string load, string metric)
    {
        var values = figures.Where(r => r.Server == server && r.Load == load && r.Metric == metric)
            .Select(r => double.Parse(r.Value, CultureInfo.InvariantCulture)).Order().ToList();
        if (values.Count == 0) return null;
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static string Format(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    sealed record Row(string Server, string Round, string Load, string Metric, string Value);
}
