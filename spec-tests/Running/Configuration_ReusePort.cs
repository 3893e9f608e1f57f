using System.Net;
using System.Net.Sockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `reuse_port` (default true): the listening socket lets another socket bind
/// the same port (SO_REUSEPORT, as Tremolo's workers share one port); false refuses it.
/// </summary>
public sealed class Configuration_ReusePort
{
    [Fact]
    public async Task ByDefaultAnotherSocketMayBindThePort()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - {path: /, body: hi}\n");

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        second.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        second.Bind(new IPEndPoint(IPAddress.Loopback, app.Port));

        Assert.Equal(app.Port, ((IPEndPoint)second.LocalEndPoint!).Port);
    }

    [Fact]
    public async Task FalseKeepsThePortToItself()
    {
        await using var app = await TestApp.StartAsync("server: {reuse_port: false}\nroutes:\n  - {path: /, body: hi}\n");

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        second.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);

        var refused = Assert.Throws<SocketException>(() => second.Bind(new IPEndPoint(IPAddress.Loopback, app.Port)));
        Assert.Equal(SocketError.AddressAlreadyInUse, refused.SocketErrorCode);
    }
}
