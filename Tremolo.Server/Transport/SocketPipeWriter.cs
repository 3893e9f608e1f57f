using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Tremolo.Server.Transport;

/// <summary>
/// A PipeWriter straight on a plain (non-blocking) socket: what is written collects in one
/// pooled array (grown on demand), and a flush hands it to the kernel with non-blocking sends,
/// so the usual flush completes at once with no async machinery. Only when the kernel's send
/// buffer is full does the rest go out with an awaited send (the socket then keeps its send
/// event args). The array goes back to the pool after every flush, so an idle connection
/// holds none. Complete does not send: the engine flushes before it completes.
/// </summary>
internal sealed class SocketPipeWriter(Socket socket) : PipeWriter
{
    private const int InitialSize = 4096;

    private byte[]? _buffer;
    private int _written;
    private CancellationTokenSource? _flushCancellation;

    /// <summary>Set while the writer's owner runs work that may be slow: a flush that had to wait resumes it on the thread pool.</summary>
    public bool ResumeOnPool { get; set; }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _written;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var free = EnsureFree(sizeHint);
        return _buffer.AsMemory(_written, free);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        var free = EnsureFree(sizeHint);
        return _buffer.AsSpan(_written, free);
    }

    public override void Advance(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (_buffer is null || bytes > _buffer.Length - _written)
        {
            throw new InvalidOperationException("advanced past the end of the memory handed out");
        }

        _written += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (sent < _written)
        {
            int count;
            SocketError status;
            try
            {
                count = socket.Send(_buffer.AsSpan(sent, _written - sent), SocketFlags.None, out status);
            }
            catch (ObjectDisposedException e)
            {
                Release();
                return ValueTask.FromException<FlushResult>(new IOException(e.Message, e));
            }

            if (status == SocketError.WouldBlock)
            {
                return SendRestAsync(sent, cancellationToken);
            }

            if (status != SocketError.Success)
            {
                Release();
                return ValueTask.FromException<FlushResult>(new IOException("send failed", new SocketException((int)status)));
            }

            sent += count;
        }

        Release();
        return default;
    }

    /// <summary>
    /// A flush waiting for room (now or the next to wait) ends with IsCanceled and drops what
    /// it had not sent; a flush the kernel takes at once is not affected.
    /// </summary>
    public override void CancelPendingFlush() => (_flushCancellation ??= new CancellationTokenSource()).Cancel();

    public override void Complete(Exception? exception = null)
    {
        Release();
        _flushCancellation?.Dispose();
    }

    /// <summary>Back-pressure: the kernel's buffer is full, so the rest waits for room.</summary>
    private async ValueTask<FlushResult> SendRestAsync(int sent, CancellationToken cancellationToken)
    {
        _flushCancellation ??= new CancellationTokenSource();
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _flushCancellation.Token)
            : null;
        try
        {
            await socket.SendAsync(_buffer.AsMemory(sent, _written - sent), SocketFlags.None, linked?.Token ?? _flushCancellation.Token);
            if (ResumeOnPool && !Thread.CurrentThread.IsThreadPoolThread)
            {
                // The send completed on the socket engine thread; the writer's next step leaves it.
                await Task.Yield();
            }

            return default;
        }
        catch (OperationCanceledException) when (_flushCancellation.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _flushCancellation.Dispose();
            _flushCancellation = null;
            return new FlushResult(isCanceled: true, isCompleted: false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new IOException(e.Message, e);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Room for at least <paramref name="sizeHint"/> bytes: rents the array, or a larger copy of it.</summary>
    [MemberNotNull(nameof(_buffer))]
    private int EnsureFree(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, InitialSize));
        }
        else if (_buffer.Length - _written < sizeHint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _written);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.Length - _written;
    }

    private void Release()
    {
        _written = 0;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
