using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tremolo.Bench.Load;

/// <summary>
/// HTTP keep-alive plaintext with wrk (one thread, C connections, --latency), after a short
/// unmeasured warm-up run. The server's CPU time is read around the measured run.
/// </summary>
sealed partial class HttpLoad(Options options)
{
    readonly string _url = options.Text("url");
    readonly int _connections = options.Int("connections", 50);
    readonly TimeSpan _duration = options.Seconds("duration", 10);
    readonly ServerProcess _server = options.Server();
    readonly ResultRecorder _recorder = options.Recorder();

    public async Task RunAsync()
    {
        await RunWrkAsync(TimeSpan.FromSeconds(1));
        var cpuBefore = _server.CpuMicroseconds();
        var output = await RunWrkAsync(_duration);
        var cpu = _server.CpuMicroseconds() - cpuBefore;

        var requests = Number(TotalRequests(), output, "request count");
        if (requests == 0) throw new LoadFailedException("wrk completed no request");
        _recorder.Add("req/s", Number(RequestsPerSecond(), output, "Requests/sec"));
        _recorder.Add("p50 ms", LatencyMs(output, "50%"));
        _recorder.Add("p99 ms", LatencyMs(output, "99%"));
        _recorder.Add("CPU µs/req", cpu / requests);
        var errors = Errors(output);
        if (errors > 0) _recorder.Add("errors", errors);
    }

    async Task<string> RunWrkAsync(TimeSpan duration)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-t1", $"-c{_connections}", $"-d{seconds}s", "--latency", "--timeout", "5s", _url })
            start.ArgumentList.Add(arg);
        using var wrk = Process.Start(start) ?? throw new LoadFailedException("cannot start wrk");
        using var limit = new CancellationTokenSource(duration + TimeSpan.FromSeconds(20));
        var stdout = wrk.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = wrk.StandardError.ReadToEndAsync(limit.Token);
        try { await wrk.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            wrk.Kill();
            throw new LoadFailedException("wrk did not finish in time");
        }
        var output = await stdout;
        if (wrk.ExitCode != 0) throw new LoadFailedException($"wrk exited {wrk.ExitCode}: {await stderr}{output}");
        return output;
    }

    static double Number(Regex pattern, string output, string what)
    {
        var match = pattern.Match(output);
        if (!match.Success) throw new LoadFailedException($"no {what} in wrk output:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    static double LatencyMs(string output, string percentile)
    {
        var match = Regex.Match(output, @"^\s+" + Regex.Escape(percentile) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success) throw new LoadFailedException($"no {percentile} latency in wrk output:\n{output}");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
    }

    static double Errors(string output)
    {
        double errors = 0;
        var non2xx = NonSuccess().Match(output);
        if (non2xx.Success) errors += double.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        var socket = SocketErrors().Match(output);
        if (socket.Success)
            for (var g = 1; g <= 4; g++) errors += double.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
        return errors;
    }

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
