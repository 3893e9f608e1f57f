using System.Diagnostics;
using System.Text;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// Debian's headless Chromium with its DevTools port on loopback, in a throwaway profile.
/// Missing Chromium is a failure, not a skip: CI (.ci/run) installs it. Dispose it before the
/// server it visited: its idle (preconnected) sockets would hold the server's shutdown.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _stderr = new();
    private Process? _process;
    private string? _profile;
    private CdpConnection? _connection;

    /// <summary>The browser-wide DevTools connection (pages are opened on it).</summary>
    public CdpConnection Connection => _connection ?? throw new InvalidOperationException("Chromium has not started");

    private HeadlessChromium()
    {
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var chromium = new HeadlessChromium();
        try
        {
            await chromium.LaunchAsync();
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed ({ExecutablePath} is missing): the browser tests need it. " +
                "Install it with `apt-get install -y chromium` (.ci/run does so before `dotnet test`).");
        }

        _profile = Directory.CreateTempSubdirectory("tremolo-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", $"--user-data-dir={_profile}", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(flag);
        }

        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        _connection = await CdpConnection.ConnectAsync(await WaitForDevToolsAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_process is not null)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // gone already, or stuck: the temp profile is left behind then
            }

            _process.Dispose();
        }

        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // a straggling child still writes there
            }
        }
    }

    /// <summary>Chromium writes its port and browser path to DevToolsActivePort in the profile.</summary>
    private async Task<Uri> WaitForDevToolsAsync()
    {
        var file = Path.Combine(_profile!, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                // complete once the browser path (a UUID after the prefix) is all there
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port) && lines[1].Length == "/devtools/browser/".Length + 36)
                {
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
                }
            }

            if (_process!.HasExited || clock.Elapsed > StartupLimit)
            {
                throw new InvalidOperationException($"Chromium did not open its DevTools port:\n{Stderr}");
            }

            await Task.Delay(100);
        }
    }

    private string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }
    }
}
