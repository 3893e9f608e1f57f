using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `keepalive_connections`: the most keep-alive connections kept; beyond
/// it the oldest is kicked out (closed once it is idle).
/// </summary>
public sealed class Configuration_KeepaliveConnections
{
    private const string Request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    [Fact]
    public async Task TheOldestIsClosedBeyondTheLimit()
    {
        await using var app = await TestApp.StartAsync("server: {keepalive_connections: 1}\nroutes:\n  - {path: /, body: hi}\n");
        using var oldest = await RawHttpClient.ConnectAsync(app.Port);
        await oldest.SendAsync(Request);
        Assert.EndsWith("\r\n\r\n2\r\nhi\r\n0\r\n\r\n", System.Text.Encoding.Latin1.GetString(await oldest.ReadAsync()));
        Assert.False(oldest.Eof);

        using var newest = await RawHttpClient.ConnectAsync(app.Port);
        await newest.SendAsync(Request);
        Assert.NotEmpty(await newest.ReadAsync());

        Assert.Equal("", await oldest.ReadToCloseAsync(TimeSpan.FromSeconds(30)));
        Assert.True(oldest.Eof);
        Assert.False(newest.Eof);
    }

    [Fact]
    public async Task WithinTheLimitBothStayOpen()
    {
        await using var app = await TestApp.StartAsync("server: {keepalive_connections: 2}\nroutes:\n  - {path: /, body: hi}\n");
        using var first = await RawHttpClient.ConnectAsync(app.Port);
        using var second = await RawHttpClient.ConnectAsync(app.Port);
        await first.SendAsync(Request);
        Assert.NotEmpty(await first.ReadAsync());
        await second.SendAsync(Request);
        Assert.NotEmpty(await second.ReadAsync());

        Assert.Empty(await first.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromSeconds(1)));
        Assert.False(first.Eof);
        await first.SendAsync(Request);
        Assert.EndsWith("2\r\nhi\r\n0\r\n\r\n", System.Text.Encoding.Latin1.GetString(await first.ReadAsync()));
    }
}
