using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>The read modes of <see cref="RawHttpClient"/> against a scripted peer (the parity README's "Reads").</summary>
public sealed class RawHttpClient_ReadModes : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public RawHttpClient_ReadModes() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task IdleReadJoinsBurstsCloserThanTheIdleSpell()
    {
        using var client = await RawHttpClient.ConnectAsync(Port);
        using var peer = await _listener.AcceptSocketAsync();
        await peer.SendAsync("ab"u8.ToArray());
        var late = Task.Delay(100).ContinueWith(_ => peer.Send("cd"u8.ToArray()));

        var first = await client.ReadAsync(ReadUntil.Idle, idle: TimeSpan.FromMilliseconds(1500));
        await late;
        await Task.Delay(100);
        await peer.SendAsync("ef"u8.ToArray());
        var second = await client.ReadAsync(ReadUntil.Idle, idle: TimeSpan.FromMilliseconds(100));

        Assert.Equal("abcd", Encoding.Latin1.GetString(first));
        Assert.Equal("ef", Encoding.Latin1.GetString(second));
        Assert.False(client.Eof);
    }

    [Fact]
    public async Task IdleReadGivesUpAfterTheFirstByteWait()
    {
        using var client = await RawHttpClient.ConnectAsync(Port);
        using var peer = await _listener.AcceptSocketAsync();

        var data = await client.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromMilliseconds(150));

        Assert.Empty(data);
        Assert.False(client.Eof);
    }

    [Fact]
    public async Task BytesReadStopsOnceTheCountHasCome()
    {
        using var client = await RawHttpClient.ConnectAsync(Port);
        using var peer = await _listener.AcceptSocketAsync();
        await peer.SendAsync("12345"u8.ToArray());

        var data = await client.ReadAsync(ReadUntil.Bytes, count: 5, timeout: TimeSpan.FromSeconds(5));

        Assert.Equal("12345", Encoding.Latin1.GetString(data));
        Assert.False(client.Eof);
    }

    [Fact]
    public async Task CloseReadEndsAtTheServersClose()
    {
        using var client = await RawHttpClient.ConnectAsync(Port);
        using (var peer = await _listener.AcceptSocketAsync())
        {
            await peer.SendAsync("bye"u8.ToArray());
            peer.Shutdown(SocketShutdown.Both);
        }

        Assert.Equal("bye", await client.ReadToCloseAsync(TimeSpan.FromSeconds(5)));
        Assert.True(client.Eof);
        Assert.Empty(await client.ReadAsync());
    }

    [Fact]
    public async Task ResetCountsAsEndOfStream()
    {
        using var client = await RawHttpClient.ConnectAsync(Port);
        using (var peer = await _listener.AcceptSocketAsync())
        {
            await client.SendAsync("unread");
            await Task.Delay(50);
            peer.LingerState = new LingerOption(true, 0);
        }

        var data = await client.ReadAsync(ReadUntil.Close, timeout: TimeSpan.FromSeconds(5));

        Assert.Empty(data);
        Assert.True(client.Eof);
    }

    public void Dispose() => _listener.Stop();
}
