using System.Net;
using System.Net.Sockets;

namespace Tremolo.SpecTests.Support;

/// <summary>A loopback port free a moment ago, for a child process that must be told its port (Redis, another server).</summary>
public static class FreePort
{
    public static int Find()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
