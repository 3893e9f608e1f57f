using System.Net.Sockets;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// running.md "Listeners", issue 17: a second server never takes over a live unix socket
/// (it connects first and refuses), a stale socket file is replaced, a file that is not a
/// socket is left alone, and at exit a server unlinks the path only while it is its own
/// socket (same device and inode).
/// </summary>
public sealed class Attack_UnixSocketTakeover : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly AppFolder _folder = new("routes:\n  - {path: /, body: hi}\n");

    private string Yaml => _folder.YamlPath;

    private string Socket => Path.Combine(_folder.Root, "t.sock");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Attack_LiveSocketIsNotTakenOver()
    {
        using var first = await ServeOnSocketAsync();

        using var second = new ServeProcess(Yaml, "--bind", Socket);
        Assert.Equal(1, await second.ExitCodeAsync(Patience));
        await Task.Delay(200);

        Assert.Equal($"tremolo: cannot listen on {Socket}: another server is listening on it\n", second.Output);
        Assert.EndsWith("hi", await GetAsync(Socket));
    }

    [Fact]
    public async Task Attack_StaleSocketFileIsReplaced()
    {
        // A socket file nobody listens on, as a killed server leaves it (the server's own end point type: .NET's unlinks on close).
        using (var stale = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            stale.Bind(new Tremolo.Server.Transport.UnixSocketEndPoint(Socket));
        Assert.True(File.Exists(Socket));

        using var serve = await ServeOnSocketAsync();

        Assert.EndsWith("hi", await GetAsync(Socket));
    }

    [Fact]
    public async Task Attack_FileInTheWayIsLeftAlone()
    {
        File.WriteAllText(Socket, "precious");

        using var serve = new ServeProcess(Yaml, "--bind", Socket);
        Assert.Equal(1, await serve.ExitCodeAsync(Patience));
        await Task.Delay(200);

        Assert.Equal($"tremolo: cannot listen on {Socket}: a file that is not a socket is in the way\n", serve.Output);
        Assert.Equal("precious", File.ReadAllText(Socket));
    }

    [Fact]
    public async Task Attack_ExitUnlinksOnlyItsOwnSocket()
    {
        using var first = await ServeOnSocketAsync();
        // Someone removes the path and a second server binds a new socket there.
        File.Delete(Socket);
        using var second = await ServeOnSocketAsync();

        await first.SignalAsync("TERM");
        Assert.Equal(0, await first.ExitCodeAsync(Patience));

        Assert.True(File.Exists(Socket), "the first server's exit removed the second server's socket");
        Assert.EndsWith("hi", await GetAsync(Socket));

        await second.SignalAsync("TERM");
        Assert.Equal(0, await second.ExitCodeAsync(Patience));
        Assert.False(File.Exists(Socket), "a server's own socket is removed at exit");
    }

    private async Task<ServeProcess> ServeOnSocketAsync()
    {
        var serve = new ServeProcess(Yaml, "--bind", Socket);
        await serve.WaitForOutputAsync($"is listening on {Socket}", Patience);
        return serve;
    }

    private static async Task<string> GetAsync(string path)
    {
        using var client = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
        using var stream = new NetworkStream(client);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync().WaitAsync(Patience);
    }
}
