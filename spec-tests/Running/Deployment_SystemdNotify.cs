using System.Net.Sockets;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// deployment.md "systemd": with NOTIFY_SOCKET set (Type=notify), `tremolo serve` sends
/// READY=1 once it listens and STOPPING=1 when the drain begins, as datagrams on that unix socket.
/// With worker_num the supervisor is the one that speaks, once: READY=1 when every worker listens.
/// </summary>
public sealed class Deployment_SystemdNotify : IDisposable
{
    private readonly AppFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData]
    [InlineData("--worker-num", "2")]
    public async Task ReadyOnceListeningStoppingOnTerm(params string[] flags)
    {
        var socketPath = Path.Combine(_folder.Root, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));
        var yaml = _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: hi}\n");

        using var server = new ServeProcess(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath }, yaml, flags);

        Assert.Equal("READY=1", await ReceiveAsync(systemd));
        // Ready means answering: the listening socket is bound by then.
        using (var client = await Support.RawHttpClient.ConnectAsync(await server.PortAsync()))
        {
            await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
            Assert.EndsWith("\r\n\r\nhi", await client.ReadToCloseAsync(TimeSpan.FromSeconds(10)));
        }

        await server.SignalAsync("TERM");
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd));
        Assert.Equal(0, await server.ExitCodeAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, systemd.Available);
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
