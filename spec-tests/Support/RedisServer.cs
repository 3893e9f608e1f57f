using System.Diagnostics;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// A real Debian `redis-server` on a free loopback port, without persistence, for the broker
/// tests (.ci/run installs it). <see cref="Kill"/> and <see cref="StartAgainAsync"/> make an outage.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    private RedisServer(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>The broker URL for tremolo.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Find());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts redis-server on the same port (after <see cref="Kill"/>); returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            throw new InvalidOperationException($"redis-server did not start on port {Port}");
        }
    }

    /// <summary>Ends redis-server at once (SIGKILL): connections drop, nothing is saved.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not end");
            }

            process.Dispose();
            _process = null;
        }
    }

    public void Dispose() => Kill();
}
