using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Tremolo.Server.Transport;

namespace Tremolo.SpecTests.Transport;

/// <summary>SocketPipeWriter on real loopback sockets: buffered writes, non-blocking flushes, back-pressure.</summary>
public class SocketPipeWriterTests
{
    private static readonly TimeSpan Timeout = LoopbackSockets.Timeout;

    private static void Write(SocketPipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        Assert.True(span.Length >= bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }

    /// <summary>Writes 8 MB in 64 KB pieces (so the array grows many times) without flushing.</summary>
    private static byte[] WriteLarge(SocketPipeWriter writer, int length = 8 * 1024 * 1024)
    {
        var message = LoopbackSockets.Pattern(length, seed: 99);
        for (var offset = 0; offset < message.Length; offset += 65536)
        {
            Write(writer, message.AsSpan(offset, Math.Min(65536, message.Length - offset)));
        }

        Assert.Equal(message.Length, writer.UnflushedBytes);
        return message;
    }

    /// <summary>Small kernel buffers on both ends, so a few hundred KB already fill them.</summary>
    private static Task<LoopbackSockets> ConnectSmallBuffers() => LoopbackSockets.ConnectAsync(clientReceiveBuffer: 65536, serverSendBuffer: 65536);

    [Fact]
    public async Task SmallWriteAndFlush_ArrivesExactly_AndFlushCompletesAtOnce()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        Write(writer, "hello"u8);
        var flush = writer.FlushAsync();
        Assert.True(flush.IsCompletedSuccessfully, "a flush the kernel takes at once completes synchronously");
        var result = await flush;
        Assert.False(result.IsCanceled);
        Assert.False(result.IsCompleted);

        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal("hello", Encoding.ASCII.GetString(await pair.ReceiveToEndAsync()));
    }

    [Fact]
    public async Task TwoFlushes_ArriveInOrder_WithNothingRepeated()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        Write(writer, "one,"u8);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);
        Write(writer, "two,"u8);
        Write(writer, "three"u8);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);

        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal("one,two,three", Encoding.ASCII.GetString(await pair.ReceiveToEndAsync()));
    }

    [Fact]
    public async Task GetMemory_LargerThanInitialSize_IsHonoured_AndTheBytesArrive()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);
        var message = LoopbackSockets.Pattern(20000);

        var memory = writer.GetMemory(20000);
        Assert.True(memory.Length >= 20000, $"GetMemory(20000) gave {memory.Length} bytes");
        message.CopyTo(memory);
        writer.Advance(20000);
        Assert.Equal(20000, writer.UnflushedBytes);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);

        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal(message, await pair.ReceiveToEndAsync());
    }

    [Fact]
    public async Task GrowingAfterAWrite_KeepsTheEarlierBytes()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);
        var head = LoopbackSockets.Pattern(3000, seed: 1);
        var tail = LoopbackSockets.Pattern(10000, seed: 2);

        Write(writer, head);
        var span = writer.GetSpan(tail.Length);
        Assert.True(span.Length >= tail.Length, $"GetSpan({tail.Length}) gave {span.Length} bytes");
        tail.CopyTo(span);
        writer.Advance(tail.Length);
        Assert.Equal(head.Length + tail.Length, writer.UnflushedBytes);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);

        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal(head.Concat(tail).ToArray(), await pair.ReceiveToEndAsync());
    }

    [Fact]
    public async Task EightMegabytes_PeerNotReading_FlushWaits_ThenCompletesWhenPeerReads()
    {
        using var pair = await ConnectSmallBuffers();
        var writer = new SocketPipeWriter(pair.Server);
        var message = WriteLarge(writer);

        var flush = writer.FlushAsync();
        Assert.False(flush.IsCompleted, "8 MB cannot fit the kernel buffers of a peer that does not read");
        var flushing = flush.AsTask();
        await Task.Delay(200);
        Assert.False(flushing.IsCompleted, "the flush completed while the peer still read nothing");

        var received = await pair.ReceiveExactlyAsync(message.Length);
        var result = await flushing.WaitAsync(Timeout);
        Assert.False(result.IsCanceled);
        Assert.False(result.IsCompleted);
        Assert.Equal(0, writer.UnflushedBytes);
        Assert.Equal(message, received);

        // Nothing more than the message was sent.
        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Empty(await pair.ReceiveToEndAsync());
    }

    [Fact]
    public async Task UnflushedBytes_FollowsAdvance_AndIsZeroAfterFlush()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        Assert.True(writer.CanGetUnflushedBytes);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.GetSpan(10);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Advance(3);
        Assert.Equal(3, writer.UnflushedBytes);
        writer.GetSpan(10);
        writer.Advance(4);
        Assert.Equal(7, writer.UnflushedBytes);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(0, writer.UnflushedBytes);

        Assert.Equal(7, (await pair.ReceiveExactlyAsync(7)).Length);
        writer.Complete();
    }

    [Fact]
    public async Task FlushWithNothingWritten_SendsNothing()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        var flush = writer.FlushAsync();
        Assert.True(flush.IsCompletedSuccessfully);
        writer.GetMemory(100);
        await writer.FlushAsync().AsTask().WaitAsync(Timeout);

        writer.Complete();
        pair.Server.Shutdown(SocketShutdown.Send);
        Assert.Empty(await pair.ReceiveToEndAsync());
    }

    [Fact]
    public async Task Advance_PastTheMemoryHandedOut_OrNegative_Throws()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        Assert.Throws<InvalidOperationException>(() => writer.Advance(1));
        var length = writer.GetSpan(10).Length;
        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }

    [Fact]
    public async Task Flush_AfterServerSocketDisposed_ThrowsIOException()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        Write(writer, "lost"u8);
        pair.Server.Dispose();
        var error = await Assert.ThrowsAsync<IOException>(async () => await writer.FlushAsync().AsTask().WaitAsync(Timeout));
        Assert.IsType<ObjectDisposedException>(error.InnerException);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }

    [Fact]
    public async Task Flush_AfterPeerReset_EventuallyThrowsIOException()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();

        // The first send after a reset may still be accepted locally; one of the next fails.
        var deadline = DateTime.UtcNow + Timeout;
        IOException? error = null;
        while (error is null && DateTime.UtcNow < deadline)
        {
            Write(writer, "ping"u8);
            try
            {
                await writer.FlushAsync().AsTask().WaitAsync(Timeout);
                await Task.Delay(20);
            }
            catch (IOException e)
            {
                error = e;
            }
        }

        Assert.NotNull(error);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }

    [Fact]
    public async Task CancelPendingFlush_WhileWaitingForRoom_EndsTheFlushWithIsCanceled()
    {
        using var pair = await ConnectSmallBuffers();
        var writer = new SocketPipeWriter(pair.Server);
        WriteLarge(writer);

        var flush = writer.FlushAsync().AsTask();
        await Task.Delay(200);
        Assert.False(flush.IsCompleted);

        writer.CancelPendingFlush();
        var result = await flush.WaitAsync(Timeout);
        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }

    [Fact]
    public async Task CancelPendingFlush_BeforeAFlushThatMustWait_EndsThatFlushWithIsCanceled()
    {
        using var pair = await ConnectSmallBuffers();
        var writer = new SocketPipeWriter(pair.Server);

        writer.CancelPendingFlush();
        WriteLarge(writer);
        var result = await writer.FlushAsync().AsTask().WaitAsync(Timeout);
        Assert.True(result.IsCanceled);
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }

    [Fact]
    public async Task CancelledToken_WhileWaitingForRoom_ThrowsOperationCanceled()
    {
        using var pair = await ConnectSmallBuffers();
        var writer = new SocketPipeWriter(pair.Server);
        using var cts = new CancellationTokenSource();
        WriteLarge(writer);

        var flush = writer.FlushAsync(cts.Token).AsTask();
        await Task.Delay(200);
        Assert.False(flush.IsCompleted);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WaitAsync(Timeout));
        Assert.Equal(0, writer.UnflushedBytes);
        writer.Complete();
    }
}
