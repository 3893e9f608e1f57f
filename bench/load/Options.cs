using System.Globalization;

namespace Tremolo.Bench.Load;

/// <summary>`command --name value ...`; every load reads what it needs by name.</summary>
sealed class Options
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Command { get; private init; } = "";

    public static Options Parse(string[] args)
    {
        var options = new Options { Command = args.Length > 0 ? args[0] : "" };
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected --name, got '{args[i]}'");
            options._values[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) =>
        TimeSpan.FromSeconds(_values.TryGetValue(name, out var value)
            ? double.Parse(value, CultureInfo.InvariantCulture)
            : fallback);

    public Uri Url(string name) => new(Text(name));

    public ServerProcess Server() => new(int.Parse(Text("pid"), CultureInfo.InvariantCulture));

    /// <summary>`--pid 123`, or `--pid name=123,name=456` for a load spread over several processes.</summary>
    public (string Name, ServerProcess Process)[] Servers() =>
    [
        .. Text("pid").Split(',').Select(entry => entry.Split('=') is [var name, var pid]
            ? (name, new ServerProcess(int.Parse(pid, CultureInfo.InvariantCulture)))
            : ("server", new ServerProcess(int.Parse(entry, CultureInfo.InvariantCulture)))),
    ];

    public ResultRecorder Recorder() => new(Text("record"), Text("server"), Text("round"), Text("load"));
}
