using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// `tremolo serve CONFIG --port 0 ...` as a child process (the tremolo.dll built next to the
/// tests), its port read from the "is listening on" line. Dispose kills it.
/// </summary>
public sealed partial class TremoloServeProcess : IDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TremoloServeProcess(Process process)
    {
        _process = process;
    }

    public int Port { get; private set; }

    /// <summary>Everything the server printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The server's resident memory now (VmRSS of /proc/PID/status).</summary>
    public long ResidentBytes
    {
        get
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
                }
            }

            throw new InvalidOperationException("no VmRSS in /proc status");
        }
    }

    public static async Task<TremoloServeProcess> StartAsync(string yamlPath, params string[] options)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(yamlPath)!,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "tremolo.dll"), "serve", yamlPath, "--port", "0" }.Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        var server = new TremoloServeProcess(new Process { StartInfo = start });
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value));
            }
        };
        server._process.OutputDataReceived += collect;
        server._process.ErrorDataReceived += collect;
        try
        {
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var exited = server._process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(StartupLimit));
            if (first != listening.Task)
            {
                throw new InvalidOperationException($"tremolo serve did not start listening:\n{server.Output}");
            }

            server.Port = await listening.Task;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // never started, or gone already
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"is listening on https?://[^ ]*:(\d+)/")]
    private static partial Regex ListeningLine();
}
