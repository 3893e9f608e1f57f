using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// `tremolo serve` as a child process (the tremolo.dll built next to the tests) on a free port,
/// for what only a process shows: signals, draining, the exit code and its memory. The suite's
/// one process harness; Dispose kills it.
/// </summary>
public sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AppFolder? _ownedFolder;
    private bool _disposed;

    public ServeProcess(string yamlPath, params string[] flags)
        : this(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "tremolo.dll")], yamlPath, flags)
    {
    }

    /// <summary>`serve` run by another `tremolo` (an installed tool, a published binary): <paramref name="command"/> and its leading arguments.</summary>
    public ServeProcess(string command, string[] leading, string yamlPath, params string[] flags)
        : this(command, leading, new Dictionary<string, string>(), yamlPath, flags)
    {
    }

    /// <summary>As the first constructor, with extra environment variables.</summary>
    public ServeProcess(IReadOnlyDictionary<string, string> environment, string yamlPath, params string[] flags)
        : this(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "tremolo.dll")], environment, yamlPath, flags)
    {
    }

    private ServeProcess(string command, string[] leading, IReadOnlyDictionary<string, string> environment, string yamlPath, string[] flags)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        foreach (var argument in (string[])[.. leading, "serve", yamlPath, "--port", "0", .. flags])
            start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>`serve` of <paramref name="yaml"/> (the text) in an <see cref="AppFolder"/> of its own, which Dispose deletes.</summary>
    public static ServeProcess Of(string yaml, params string[] flags)
    {
        var folder = new AppFolder(yaml);
        try
        {
            return new ServeProcess(folder.YamlPath, flags) { _ownedFolder = folder };
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The `tremolo serve` process's id (the supervisor's, with worker_num).</summary>
    public int Pid => _process.Id;

    /// <summary>What the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The port from the start-up line "… is listening on http://127.0.0.1:PORT/" (text or JSON); fails with the output when the process exits first.</summary>
    public async Task<int> PortAsync()
    {
        var first = await Task.WhenAny(_port.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != _port.Task)
            throw new TimeoutException((_process.HasExited ? $"exited {_process.ExitCode} with" : "no listening line in") + ":\n" + Output);
        return await _port.Task;
    }

    /// <summary>The process's resident memory now (VmRSS of /proc/PID/status).</summary>
    public long ResidentBytes
    {
        get
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
            }

            throw new InvalidOperationException("no VmRSS in /proc status");
        }
    }

    /// <summary>What the process printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_output)
                return _stdout.ToString();
        }
    }

    /// <summary>What the process printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_output)
                return _stderr.ToString();
        }
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (a log line), or fails with the output.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(30), () => $"no '{text}' in:\n" + Output);

    /// <summary>Sends a signal (TERM, INT, HUP) as `kill -SIG pid`.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Kills the process (SIGKILL: no drain, no last word) and deletes an owned folder; once.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _ownedFolder?.Dispose();
    }

    private void OnLine(string? line, StringBuilder stream)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Append(line).Append('\n');
            stream.Append(line).Append('\n');
        }

        if (ListeningLine().Match(line) is { Success: true } match)
            _port.TrySetResult(int.Parse(match.Groups[1].Value));
    }

    // A text line ends with the address; a JSON one (log_format json) goes on with `"`.
    [GeneratedRegex(@"is listening on http://127\.0\.0\.1:(\d+)/(""|$)")]
    private static partial Regex ListeningLine();
}
