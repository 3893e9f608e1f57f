using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `limit_memory`: past the limit (KiB) Tremolo restarts the worker. The one
/// process is the worker here: its connections are dropped and its heap compacted, while the
/// listeners stay open.
/// </summary>
public sealed class Configuration_LimitMemory
{
    [Fact]
    public async Task PastTheLimitConnectionsAreDroppedAndServingGoesOn()
    {
        // 1 KiB: always exceeded.
        await using var app = await TestApp.StartAsync("server: {limit_memory: 1}\nroutes:\n  - {path: /, body: hi}\n");
        using var open = await RawHttpClient.ConnectAsync(app.Port);
        await open.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.NotEmpty(await open.ReadAsync());

        await open.ReadToCloseAsync(TimeSpan.FromSeconds(3));

        Assert.True(open.Eof);
        Assert.Matches(@"tremolo: ERROR: memory limit exceeded \(\d+ KiB > limit_memory=1\): dropping every connection\n", app.Log);
        Assert.Equal("hi", TestApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public async Task WithoutALimitNothingIsDropped()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - {path: /, body: hi}\n");
        using var open = await RawHttpClient.ConnectAsync(app.Port);
        await open.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.NotEmpty(await open.ReadAsync());

        Assert.Empty(await open.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromSeconds(1.5)));
        Assert.False(open.Eof);
    }
}
