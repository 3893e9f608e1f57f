using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Tremolo.Server.Transport;

/// <summary>
/// A PipeReader straight on a plain (non-blocking) socket. It waits for input with a
/// zero-byte receive, so an idle connection holds no buffer, then takes what has arrived
/// with one non-blocking receive into a single pooled array that goes back to the pool as
/// soon as everything is consumed (it grows when a head or frame outgrows it). The pending
/// read is this object itself (an <see cref="IValueTaskSource{TResult}"/>): no async state
/// machine, segment list or cancellation source per connection, unlike StreamPipeReader.
/// </summary>
internal sealed class SocketPipeReader : PipeReader, IValueTaskSource<ReadResult>
{
    private const int InitialSize = 4096;
    private const int MinimumFree = 1024;

    private readonly Socket _socket;
    private readonly Action _onWaitCompleted;
    private ManualResetValueTaskSourceCore<ReadResult> _source;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _wait;
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private int _examined;
    private bool _ended;
    private bool _mayHaveMore;
    private bool _completed;
    private Exception? _error;

    // Who owns the read in flight: 1 while the consumer awaits this source; whoever swaps it
    // to 0 (the wait's callback, CancelPendingRead, the token) completes it, once.
    private int _awaiting;
    private volatile bool _waitPending;
    private int _cancelRequested;

    /// <summary>
    /// Set while the reader's owner runs work that may be slow: a read that completes on the
    /// socket engine thread then resumes its reader on the thread pool instead of inline.
    /// </summary>
    public bool ResumeOnPool { get; set; }

    public SocketPipeReader(Socket socket)
    {
        _socket = socket;
        _onWaitCompleted = OnWaitCompleted;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (TryRead(out var ready))
        {
            return new ValueTask<ReadResult>(ready);
        }

        cancellationToken.ThrowIfCancellationRequested();
        _source.Reset();
        _token = cancellationToken;
        Interlocked.Exchange(ref _awaiting, 1);
        if (!_waitPending && Interlocked.Exchange(ref _awaiting, 0) == 1 && Proceed())
        {
            return _error is { } error ? ValueTask.FromException<ReadResult>(error) : new ValueTask<ReadResult>(Result(isCanceled: false));
        }

        CancelIfAsked();

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static state => ((SocketPipeReader)state!).OnTokenCancelled(), this);
        }

        return new ValueTask<ReadResult>(this, _source.Version);
    }

    public override bool TryRead(out ReadResult result)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (Interlocked.Exchange(ref _cancelRequested, 0) == 1)
        {
            result = Result(isCanceled: true);
            return true;
        }

        if (_error is { } error)
        {
            throw error;
        }

        if (_end > _examined || _ended)
        {
            result = Result(isCanceled: false);
            return true;
        }

        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_buffer is null || !ReferenceEquals(consumed.GetObject(), _buffer))
        {
            return;
        }

        _start = consumed.GetInteger();
        _examined = Math.Max(_start, ReferenceEquals(examined.GetObject(), _buffer) ? examined.GetInteger() : _start);
        if (_start == _end)
        {
            ReleaseBuffer();
        }
    }

    public override void CancelPendingRead()
    {
        Volatile.Write(ref _cancelRequested, 1);
        if (Interlocked.Exchange(ref _awaiting, 0) == 1)
        {
            // A foreign thread (heartbeat, another connection evicting this one) must not run the reader's code.
            CompleteCancelled(runContinuationAsynchronously: true);
        }
    }

    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _registration.Dispose();
        if (Interlocked.Exchange(ref _awaiting, 0) == 1)
        {
            _source.RunContinuationsAsynchronously = true;
            _source.SetException(new ObjectDisposedException(nameof(SocketPipeReader)));
        }

        ReleaseBuffer();
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token)
    {
        _registration.Dispose();
        _registration = default;
        return _source.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// Runs while owning the read: receives what is there, or starts a zero-byte wait.
    /// True when the read has its outcome now; false when the wait's callback will finish it.
    /// </summary>
    private bool Proceed()
    {
        while (true)
        {
            if (_mayHaveMore && TryReceive())
            {
                return true;
            }

            ValueTask<int> wait;
            try
            {
                wait = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                _error = Wrap(e);
                return true;
            }

            if (wait.IsCompleted)
            {
                if (Observe(wait.ConfigureAwait(false).GetAwaiter()))
                {
                    return true;
                }

                _mayHaveMore = true;
                continue;
            }

            _wait = wait.ConfigureAwait(false).GetAwaiter();
            _waitPending = true;
            Interlocked.Exchange(ref _awaiting, 1);
            CancelIfAsked();
            _wait.UnsafeOnCompleted(_onWaitCompleted);
            return false;
        }
    }

    private void OnWaitCompleted()
    {
        var failed = Observe(_wait);
        _wait = default;
        _mayHaveMore = true;
        _waitPending = false;
        if (Interlocked.Exchange(ref _awaiting, 0) != 1)
        {
            // The read was cancelled meanwhile; the next one receives without waiting.
            return;
        }

        if (failed || Proceed())
        {
            // On the socket engine's thread: the reader continues right here unless its work may be slow.
            _source.RunContinuationsAsynchronously = ResumeOnPool;
            if (_error is { } error)
            {
                _source.SetException(error);
            }
            else
            {
                _source.SetResult(Result(isCanceled: false));
            }
        }
    }

    private void OnTokenCancelled()
    {
        if (Interlocked.Exchange(ref _awaiting, 0) == 1)
        {
            CompleteCancelled(runContinuationAsynchronously: true);
        }
    }

    /// <summary>
    /// Called right after the read is armed: a cancel (or token) that came while nobody owned
    /// the read found nothing to complete, so it is honoured here instead of being lost.
    /// </summary>
    private void CancelIfAsked()
    {
        if ((Volatile.Read(ref _cancelRequested) == 1 || _token.IsCancellationRequested) && Interlocked.Exchange(ref _awaiting, 0) == 1)
        {
            // Still on the thread that armed the read (the reader's own, or the socket's completion).
            CompleteCancelled(runContinuationAsynchronously: false);
        }
    }

    /// <summary>Ends the owned read: IsCanceled for CancelPendingRead, else the token's exception.</summary>
    private void CompleteCancelled(bool runContinuationAsynchronously)
    {
        _source.RunContinuationsAsynchronously = runContinuationAsynchronously;
        if (Interlocked.Exchange(ref _cancelRequested, 0) == 1)
        {
            _source.SetResult(Result(isCanceled: true));
        }
        else
        {
            _source.SetException(new OperationCanceledException(_token));
        }
    }

    /// <summary>Reads the outcome of a zero-byte wait; true when it failed (the error is kept).</summary>
    private bool Observe(ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter wait)
    {
        try
        {
            wait.GetResult();
            return false;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            _error = Wrap(e);
            return true;
        }
    }

    /// <summary>One non-blocking receive; false when nothing was there (then no buffer is kept).</summary>
    private bool TryReceive()
    {
        var free = EnsureFree();
        int received;
        SocketError status;
        try
        {
            received = _socket.Receive(_buffer.AsSpan(_end, free), SocketFlags.None, out status);
        }
        catch (ObjectDisposedException e)
        {
            _error = Wrap(e);
            return true;
        }

        switch (status)
        {
            case SocketError.Success when received == 0:
                _ended = true;
                _mayHaveMore = false;
                return true;
            case SocketError.Success:
                _end += received;
                _mayHaveMore = received == free;
                return true;
            case SocketError.WouldBlock:
                _mayHaveMore = false;
                if (_start == _end)
                {
                    ReleaseBuffer();
                }

                return false;
            default:
                _error = Wrap(new SocketException((int)status));
                return true;
        }
    }

    private ReadResult Result(bool isCanceled) => new(
        _buffer is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_buffer, _start, _end - _start),
        isCanceled,
        _ended);

    /// <summary>Room at the end of the buffer: rents it, moves the unconsumed bytes to the front, or doubles it.</summary>
    [MemberNotNull(nameof(_buffer))]
    private int EnsureFree()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
            _start = _end = _examined = 0;
        }
        else if (_buffer.Length - _end < MinimumFree)
        {
            var length = _end - _start;
            var target = length + MinimumFree > _buffer.Length ? ArrayPool<byte>.Shared.Rent(_buffer.Length * 2) : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, length);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _examined -= _start;
            _start = 0;
            _end = length;
        }

        return _buffer.Length - _end;
    }

    private void ReleaseBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _start = _end = _examined = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IOException Wrap(Exception e) => e as IOException ?? new IOException(e.Message, e);
}
