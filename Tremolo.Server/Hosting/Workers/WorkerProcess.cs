using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tremolo.Server.Hosting.Workers;

/// <summary>
/// One worker of worker_num's supervisor: `tremolo serve` started again with the same CONFIG
/// and flags, its <see cref="WorkerIdentity"/> in the environment. It writes to the
/// supervisor's stdout and stderr. The supervisor tells it what to do on its stdin (see
/// <see cref="WorkerControl"/>); it says it is ready as it would to systemd, with READY=1 on
/// a notify socket of its own that the supervisor listens on.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Socket _notify;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private readonly Lock _stdin = new();

    private WorkerProcess(Process process, Socket notify)
    {
        _process = process;
        _notify = notify;
        Exited = WaitAsync();
        _ = ListenForReadyAsync();
    }

    public int Pid => _process.Id;

    /// <summary>True once the worker said READY=1 (every listener bound, the broker reached).</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully && _ready.Task.Result;

    /// <summary>True when it said READY=1, false when it exited before.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>Its exit code (128 + the signal when a signal ended it).</summary>
    public Task<int> Exited { get; }

    /// <summary>How long ago it was started.</summary>
    public TimeSpan Age => _age.Elapsed;

    /// <param name="arguments">`serve`, CONFIG and the flags, as the supervisor was given them.</param>
    public static WorkerProcess Start(IReadOnlyList<string> arguments, WorkerIdentity identity)
    {
        // An abstract unix socket (no file to clean up), unique to this start.
        var name = $"tremolo-worker-{Environment.ProcessId}-{identity.Number}-{Guid.NewGuid():N}";
        var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            notify.Bind(new UnixDomainSocketEndPoint("\0" + name));
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardInput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                // `dotnet tremolo.dll`: run the same assembly again (its path is the first argument).
                start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            identity.AddTo(start.Environment);
            start.Environment[SystemdNotifier.Variable] = "@" + name;
            var process = Process.Start(start)!;
            process.StandardInput.AutoFlush = true;
            return new WorkerProcess(process, notify);
        }
        catch
        {
            notify.Dispose();
            throw;
        }
    }

    /// <summary>A line of <see cref="WorkerControl"/>; a worker that is gone already is not told.</summary>
    public void Send(string command)
    {
        lock (_stdin)
        {
            try
            {
                _process.StandardInput.WriteLine(command);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
    }

    public void Dispose()
    {
        _notify.Dispose();
        _process.Dispose();
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        _ready.TrySetResult(false);
        return _process.ExitCode;
    }

    private async Task ListenForReadyAsync()
    {
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var length = await _notify.ReceiveAsync(buffer, SocketFlags.None);
                if (Encoding.UTF8.GetString(buffer, 0, length).Split('\n').Contains("READY=1"))
                {
                    _ready.TrySetResult(true);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed with the worker.
        }
    }
}
