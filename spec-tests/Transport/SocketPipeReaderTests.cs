using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Tremolo.Server.Transport;

namespace Tremolo.SpecTests.Transport;

/// <summary>SocketPipeReader on real loopback sockets: PipeReader semantics over a non-blocking socket.</summary>
public class SocketPipeReaderTests
{
    private static readonly TimeSpan Timeout = LoopbackSockets.Timeout;

    /// <summary>Long enough for a read that should stay pending to have wrongly completed.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private static async Task<ReadResult> Read(SocketPipeReader reader, CancellationToken cancellationToken = default) =>
        await reader.ReadAsync(cancellationToken).AsTask().WaitAsync(Timeout);

    private static string Text(in ReadOnlySequence<byte> buffer) => Encoding.ASCII.GetString(buffer.ToArray());

    /// <summary>A read started with nothing to read: still waiting after a moment.</summary>
    private static async Task<Task<ReadResult>> PendingRead(SocketPipeReader reader, CancellationToken cancellationToken = default)
    {
        var read = reader.ReadAsync(cancellationToken).AsTask();
        await Task.Delay(Settle);
        Assert.False(read.IsCompleted);
        return read;
    }

    /// <summary>The reader is usable: a read waits while nothing comes, then returns what was sent.</summary>
    private static async Task AssertNextReadWaitsFor(SocketPipeReader reader, LoopbackSockets pair, string text)
    {
        var next = await PendingRead(reader);
        await pair.SendAsync(text);
        var result = await next.WaitAsync(Timeout);
        Assert.False(result.IsCanceled);
        Assert.Equal(text, Text(result.Buffer));
        reader.AdvanceTo(result.Buffer.End);
    }

    /// <summary>Reads, examining everything without consuming, until at least <paramref name="length"/> bytes are buffered.</summary>
    private static async Task<ReadResult> ReadAtLeast(SocketPipeReader reader, int length)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            // Bounded even when a faulty reader keeps returning at once with nothing new.
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {length} bytes buffered before the timeout");
            var result = await Read(reader);
            if (result.Buffer.Length >= length || result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [Fact]
    public async Task TwoPieces_ExaminedInBetween_ComeBackAsOneSequence()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("hello ");
        var first = await Read(reader);
        Assert.Equal("hello ", Text(first.Buffer));
        Assert.False(first.IsCanceled);
        Assert.False(first.IsCompleted);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        await pair.SendAsync("world");
        var second = await ReadAtLeast(reader, 11);
        Assert.Equal("hello world", Text(second.Buffer));
        Assert.False(second.IsCanceled);
        Assert.False(second.IsCompleted);
        reader.AdvanceTo(second.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task PendingRead_WithNoData_CompletesWhenDataArrives()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);

        await pair.SendAsync("late");
        var result = await read.WaitAsync(Timeout);
        Assert.Equal("late", Text(result.Buffer));
        Assert.False(result.IsCanceled);
        Assert.False(result.IsCompleted);
        reader.AdvanceTo(result.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task ExaminedButNotConsumed_DoesNotReturnAgainUntilMoreArrives()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("abc");
        var first = await Read(reader);
        Assert.Equal("abc", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        var next = reader.ReadAsync().AsTask();
        await Task.Delay(Settle);
        Assert.False(next.IsCompleted, "ReadAsync returned although nothing beyond the examined bytes arrived");

        await pair.SendAsync("d");
        var second = await next.WaitAsync(Timeout);
        Assert.Equal("abcd", Text(second.Buffer));
        Assert.False(second.IsCanceled);
        reader.AdvanceTo(second.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task ExaminedOnlyPartly_ReturnsAgainAtOnce()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("abcdef");
        var first = await ReadAtLeast(reader, 6);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.GetPosition(3));

        var again = reader.ReadAsync();
        Assert.True(again.IsCompleted, "bytes beyond the examined position are already buffered");
        var second = await again;
        Assert.Equal("abcdef", Text(second.Buffer));
        reader.AdvanceTo(second.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task LargeMessage_BufferedWithoutConsuming_ArrivesIntactInOrder()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);
        var message = LoopbackSockets.Pattern(100 * 1024);

        var send = pair.SendAsync(message);
        var result = await ReadAtLeast(reader, message.Length);
        await send;

        Assert.False(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.Equal(message.Length, result.Buffer.Length);
        Assert.Equal(message, result.Buffer.ToArray());
        reader.AdvanceTo(result.Buffer.End);

        await pair.SendAsync("next");
        var next = await Read(reader);
        Assert.Equal("next", Text(next.Buffer));
        reader.AdvanceTo(next.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task Stream_ConsumedInOddPieces_ArrivesIntactInOrder()
    {
        // Partial consumption with everything examined: exercises both the in-place compaction
        // and the doubling of the array, with the examined position carried across both.
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);
        var message = LoopbackSockets.Pattern(300 * 1024, seed: 7);

        var send = Task.Run(async () =>
        {
            var random = new Random(3);
            var sent = 0;
            while (sent < message.Length)
            {
                var size = Math.Min(random.Next(1, 9000), message.Length - sent);
                await pair.SendAsync(message[sent..(sent + size)]);
                sent += size;
            }

            pair.Client.Shutdown(SocketShutdown.Send);
        });

        var got = new MemoryStream();
        var step = 0;
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {got.Length} of {message.Length} bytes before the timeout");
            var result = await Read(reader);
            var buffer = result.Buffer;
            // Take 1000, 1777, 2554 ... bytes at a time (or what is there at the end).
            var take = result.IsCompleted ? buffer.Length : Math.Min(buffer.Length, 1000 + (777 * (step++ % 7)));
            got.Write(buffer.Slice(0, take).ToArray());
            reader.AdvanceTo(buffer.GetPosition(take), buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await send.WaitAsync(Timeout);
        Assert.Equal(message.Length, got.Length);
        Assert.Equal(message, got.ToArray());
        reader.Complete();
    }

    [Fact]
    public async Task PartialConsume_NextReadContinuesAtTheRightOffset()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("0123456789");
        var first = await ReadAtLeast(reader, 10);
        Assert.Equal("0123456789", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.GetPosition(4));

        // Consumed 4, examined 4: the rest is still unexamined, so the read returns at once.
        var second = await Read(reader);
        Assert.Equal("456789", Text(second.Buffer));
        reader.AdvanceTo(second.Buffer.GetPosition(3), second.Buffer.End);

        await pair.SendAsync("ab");
        var third = await ReadAtLeast(reader, 5);
        Assert.Equal("789ab", Text(third.Buffer));
        reader.AdvanceTo(third.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task CancelPendingRead_WhileReadPending_IsCanceled_AndNextReadGetsLaterData()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);

        reader.CancelPendingRead();
        var canceled = await read.WaitAsync(Timeout);
        Assert.True(canceled.IsCanceled);
        Assert.False(canceled.IsCompleted);
        Assert.True(canceled.Buffer.IsEmpty);
        reader.AdvanceTo(canceled.Buffer.Start);

        await pair.SendAsync("after");
        var result = await Read(reader);
        Assert.False(result.IsCanceled);
        Assert.Equal("after", Text(result.Buffer));
        reader.AdvanceTo(result.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task CancelPendingRead_WithNoReadPending_NextReadIsCanceledAtOnce_OnlyOnce()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        reader.CancelPendingRead();
        var pending = reader.ReadAsync();
        Assert.True(pending.IsCompleted, "a read after CancelPendingRead returns at once");
        var canceled = await pending;
        Assert.True(canceled.IsCanceled);
        Assert.True(canceled.Buffer.IsEmpty);
        reader.AdvanceTo(canceled.Buffer.Start);

        // The cancellation is spent: the next read waits for data again.
        await AssertNextReadWaitsFor(reader, pair, "x");
        reader.Complete();
    }

    [Fact]
    public async Task CancelPendingRead_WithDataBuffered_CanceledResultCarriesTheData()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("keep");
        var first = await Read(reader);
        Assert.Equal("keep", Text(first.Buffer));
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        reader.CancelPendingRead();
        var canceled = await Read(reader);
        Assert.True(canceled.IsCanceled);
        Assert.Equal("keep", Text(canceled.Buffer));
        reader.AdvanceTo(canceled.Buffer.Start, canceled.Buffer.End);

        await pair.SendAsync("!");
        var result = await Read(reader);
        Assert.False(result.IsCanceled);
        Assert.Equal("keep!", Text(result.Buffer));
        reader.AdvanceTo(result.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task CancelledToken_WhileReadPending_ThrowsOperationCanceled_AndReaderStillWorks()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);
        using var cts = new CancellationTokenSource();

        var read = await PendingRead(reader, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));

        await AssertNextReadWaitsFor(reader, pair, "still here");
        reader.Complete();
    }

    [Fact]
    public async Task AlreadyCancelledToken_ThrowsOperationCanceled_AndReaderStillWorks()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(new CancellationToken(canceled: true)));

        await pair.SendAsync("ok");
        var result = await Read(reader);
        Assert.False(result.IsCanceled);
        Assert.Equal("ok", Text(result.Buffer));
        reader.AdvanceTo(result.Buffer.End);
        reader.Complete();
    }

    [Fact]
    public async Task PeerShutdownSend_GivesIsCompleted_WithTheRemainingBytes()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        await pair.SendAsync("bye");
        pair.Client.Shutdown(SocketShutdown.Send);

        var result = await Read(reader);
        var deadline = DateTime.UtcNow + Timeout;
        while (!result.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "no end of stream before the timeout");
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await Read(reader);
        }

        Assert.Equal("bye", Text(result.Buffer));
        Assert.False(result.IsCanceled);
        reader.AdvanceTo(result.Buffer.End);

        var after = await Read(reader);
        Assert.True(after.IsCompleted);
        Assert.True(after.Buffer.IsEmpty);
        reader.Complete();
    }

    [Fact]
    public async Task PeerShutdownSend_WhileReadPending_CompletesTheRead()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);
        pair.Client.Shutdown(SocketShutdown.Send);

        var result = await read.WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.True(result.Buffer.IsEmpty);
        reader.Complete();
    }

    [Fact]
    public async Task PeerAbortiveClose_WhileReadPending_SurfacesAsIOException()
    {
        // The class turns socket errors into IOException (Wrap); a reset is a socket error.
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);
        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();

        var error = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(Timeout));
        var socketError = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(SocketError.ConnectionReset, socketError.SocketErrorCode);

        // The error sticks: the next read fails the same way.
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        reader.Complete();
    }

    [Fact]
    public async Task PeerAbortiveClose_BeforeRead_SurfacesAsIOException()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();
        await Task.Delay(Settle);

        var error = await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        var socketError = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(SocketError.ConnectionReset, socketError.SocketErrorCode);
        reader.Complete();
    }

    [Fact]
    public async Task ServerSocketDisposed_AfterCancelPendingRead_ReadIsCanceled_ThenIOException()
    {
        // TransportConnection.Abort: CancelPendingRead, then dispose the socket.
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);

        reader.CancelPendingRead();
        pair.Server.Dispose();
        var result = await read.WaitAsync(Timeout);
        Assert.True(result.IsCanceled);
        reader.AdvanceTo(result.Buffer.Start);

        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        reader.Complete();
    }

    [Fact]
    public async Task ServerSocketDisposed_WhileReadPending_SurfacesAsIOException()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);

        pair.Server.Dispose();
        await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(Timeout));
        reader.Complete();
    }

    [Fact]
    public async Task ServerSocketDisposed_BeforeRead_SurfacesAsIOException()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        pair.Server.Dispose();
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        reader.Complete();
    }

    [Fact]
    public async Task Complete_WhileReadPending_FailsTheRead_AndLaterReadsThrowObjectDisposed()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        var read = await PendingRead(reader);

        reader.Complete();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => read.WaitAsync(Timeout));
        Assert.Throws<ObjectDisposedException>(() => reader.ReadAsync());
        Assert.Throws<ObjectDisposedException>(() => reader.TryRead(out _));
    }

    [Fact]
    public async Task CancelPendingRead_RacingAReadThatIsStarting_IsNeverLost()
    {
        // PipeReader.CancelPendingRead: cancels the pending read, or else the next one. Called
        // from another thread while ReadAsync is starting its wait, it must still end that read
        // (or have ended the previous one): a read must never stay pending with the cancel unspent.
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);
        for (var i = 0; i < 2000; i++)
        {
            // A byte read and consumed first, so no zero-byte wait is left over: the read below starts one.
            await pair.SendAsync("x");
            var data = await Read(reader);
            Assert.False(data.IsCanceled);
            Assert.Equal("x", Text(data.Buffer));
            reader.AdvanceTo(data.Buffer.End);

            var go = new StrongBox<int>();
            var ready = new StrongBox<int>();
            var spin = i % 400;
            var canceller = Task.Factory.StartNew(
                () =>
                {
                    Volatile.Write(ref ready.Value, 1);
                    while (Volatile.Read(ref go.Value) == 0)
                    {
                        Thread.SpinWait(1);
                    }

                    Thread.SpinWait(spin);
                    reader.CancelPendingRead();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            while (Volatile.Read(ref ready.Value) == 0)
            {
                Thread.SpinWait(1);
            }

            Volatile.Write(ref go.Value, 1);
            var read = reader.ReadAsync().AsTask();
            await canceller.WaitAsync(Timeout);
            var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2)));
            if (finished != read)
            {
                // Show where the cancel went: data wakes the stuck read, and the cancel is still unspent.
                await pair.SendAsync("y");
                var woken = await read.WaitAsync(Timeout);
                reader.AdvanceTo(woken.Buffer.End);
                var nextIsCanceled = reader.TryRead(out var next) && next.IsCanceled;
                Assert.Fail(
                    $"iteration {i}: CancelPendingRead was called but the read stayed pending; data then ended it with " +
                    $"IsCanceled={woken.IsCanceled}, buffer \"{Text(woken.Buffer)}\", and the next TryRead was canceled: {nextIsCanceled}");
            }

            var result = await read;
            Assert.True(result.IsCanceled, $"iteration {i}: the read did not end canceled");
            reader.AdvanceTo(result.Buffer.Start);
        }

        reader.Complete();
    }

    [Fact]
    public async Task TryRead_ReportsOnlyWhatIsBuffered()
    {
        using var pair = await LoopbackSockets.ConnectAsync();
        var reader = new SocketPipeReader(pair.Server);

        Assert.False(reader.TryRead(out _));

        await pair.SendAsync("tr");
        var result = await Read(reader);
        Assert.Equal("tr", Text(result.Buffer));
        reader.AdvanceTo(result.Buffer.Start);

        Assert.True(reader.TryRead(out var again));
        Assert.Equal("tr", Text(again.Buffer));
        reader.AdvanceTo(again.Buffer.Start, again.Buffer.End);
        Assert.False(reader.TryRead(out _));
        reader.Complete();
    }
}
