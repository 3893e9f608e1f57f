using System.Net.Sockets;
using Tremolo.Server.Transport;

namespace Tremolo.SpecTests.Transport;

/// <summary>
/// docs/running.md, socket I/O: with inline socket completions (this test process runs the
/// engine's mode, see engine-mode.runsettings) a waiting read resumes on the socket engine's thread;
/// under TLS it must resume on the thread pool, so crypto never holds up the engine thread.
/// </summary>
public class PoolResumingNetworkStreamTests
{
    [Fact]
    public async Task APlainStreamRead_ThatWaited_ResumesOnTheEngineThread()
    {
        // The premise: without the hop, the continuation runs where the socket completed.
        using var pair = await LoopbackSockets.ConnectAsync();
        pair.Server.Blocking = true;
        await using var stream = new NetworkStream(pair.Server, ownsSocket: false);

        Assert.False(await ResumesOnThePoolAsync(stream, pair));
    }

    [Fact]
    public async Task ARead_ThatWaited_ResumesOnTheThreadPool()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        pair.Server.Blocking = true;
        await using var stream = new PoolResumingNetworkStream(pair.Server);

        Assert.True(await ResumesOnThePoolAsync(stream, pair));
    }

    [Fact]
    public async Task ARead_OfBytesAlreadyThere_CompletesAtOnce()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        pair.Server.Blocking = true;
        await using var stream = new PoolResumingNetworkStream(pair.Server);
        await pair.SendAsync("ready");
        await Task.Delay(200);

        var buffer = new byte[16];
        var read = stream.ReadAsync(buffer);

        Assert.True(read.IsCompleted);
        Assert.Equal(5, await read);
    }

    /// <summary>Starts a read with nothing to read, sends, and tells where the read's continuation ran.</summary>
    private static async Task<bool> ResumesOnThePoolAsync(NetworkStream stream, LoopbackSockets pair)
    {
        var buffer = new byte[16];
        var read = ReadAndReportThreadAsync(stream, buffer);
        await Task.Delay(200);
        Assert.False(read.IsCompleted);
        await pair.SendAsync("x");
        var (count, onPool) = await read.WaitAsync(LoopbackSockets.Timeout);
        Assert.Equal(1, count);
        return onPool;
    }

    private static async Task<(int Count, bool OnPool)> ReadAndReportThreadAsync(NetworkStream stream, byte[] buffer)
    {
        // ConfigureAwait(false): the continuation runs where the read completed, not on xunit's context.
        var count = await stream.ReadAsync(buffer).ConfigureAwait(false);
        return (count, Thread.CurrentThread.IsThreadPoolThread);
    }
}
