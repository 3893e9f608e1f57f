using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// A server started from a command template (TREMOLO_PARITY_CMD, the format of compare.py's
/// --cmd) in the app's folder, in its own process group; stopped with SIGINT, then SIGKILL,
/// as the harness does.
/// </summary>
public sealed class ExternalCommandServer : IParityServer
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _logPath;
    private readonly bool _ownGroup;
    private readonly string _command;
    private bool _logClosed;
    private bool _started;

    private ExternalCommandServer(Process process, int port, string logPath, bool ownGroup, string command)
    {
        _process = process;
        Port = port;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        _logPath = logPath;
        _ownGroup = ownGroup;
        _command = command;
    }

    public int Port { get; }

    public string Description => $"{_command} (pid {_process.Id}, port {Port}, log: {_logPath})";

    public static async Task<ExternalCommandServer> StartAsync(string template, string app, string appDir)
    {
        int port = FreePort.Find();
        var argv = CommandTemplate.Expand(template, port, Path.Combine(appDir, "tremolo.yaml"), appDir, app);
        if (argv.Count == 0)
            throw new FormatException($"empty command from '{template}'");
        string logPath = Path.Combine(Path.GetTempPath(), $"parity-{app}-{port}.log");
        // setsid gives the server its own process group, so SIGINT reaches any workers it forks
        string? setsid = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? argv[0])
        {
            WorkingDirectory = appDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in setsid is null ? argv.Skip(1) : argv)
            start.ArgumentList.Add(arg);
        var server = new ExternalCommandServer(new Process { StartInfo = start }, port, logPath, setsid is not null, string.Join(' ', argv));
        try
        {
            server.Launch();
            await server.WaitUntilListeningAsync(app);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private void Launch()
    {
        _process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        _process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        _started = _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitUntilListeningAsync(string app)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{app}: server exited with {_process.ExitCode} (log: {_logPath}){LogTail()}");
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cts.Token);
                break;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (watch.Elapsed > StartupLimit)
                    throw new InvalidOperationException($"{app}: server did not listen on {Port} within {StartupLimit.TotalSeconds}s (log: {_logPath}){LogTail()}");
                await Task.Delay(100);
            }
        }
        await Task.Delay(200); // as the harness: let the server settle after the probe
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (signal, wait) in new[] { (SigInt, TimeSpan.FromSeconds(3)), (SigKill, TimeSpan.FromSeconds(5)) })
        {
            if (!_started || _process.HasExited)
                break;
            Signal(signal);
            using var cts = new CancellationTokenSource(wait);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }

    private void Signal(int signal)
    {
        if (OperatingSystem.IsWindows() || (!_ownGroup && signal == SigKill))
        {
            _process.Kill(entireProcessTree: true);
            return;
        }
        // our own child: its id is its group's id when setsid started it
        _ = Kill(_ownGroup ? -_process.Id : _process.Id, signal);
    }

    private string LogTail()
    {
        _process.WaitForExit(500); // lets the readers drain what a dead server wrote
        string text;
        lock (_log)
        {
            using var reader = new StreamReader(new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            text = reader.ReadToEnd();
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "" : "\n" + string.Join('\n', lines.TakeLast(20));
    }

    // output may still arrive from the reader threads after the log is closed
    private void WriteLog(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (!_logClosed)
                _log.WriteLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
