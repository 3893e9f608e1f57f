using System.Net.Sockets;
using System.Text;
using Tremolo.Server.Diagnostics;

namespace Tremolo.Server.Hosting;

/// <summary>
/// systemd's sd_notify for Type=notify units: a datagram to the unix socket named by
/// NOTIFY_SOCKET (a path, or `@name` in the abstract namespace). READY=1 once the listeners
/// are bound, STOPPING=1 when the drain begins. Without NOTIFY_SOCKET nothing is sent.
/// </summary>
internal static class SystemdNotifier
{
    public const string Variable = "NOTIFY_SOCKET";

    public static void Send(string state, ServerLog log)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException e)
        {
            // A worker's socket is its supervisor's: gone with it, which the worker notices anyway.
            if (Workers.WorkerIdentity.Current is null)
            {
                log.Warning($"{Variable}={path}: could not send {state}: {e.Message}");
            }
        }
    }
}
