using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Tremolo.Server.Channels;
using Tremolo.Server.Diagnostics;
using Tremolo.Server.Transport;
using Tremolo.Server.WebSockets.Compression;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// One upgraded connection after the 101 head, on pipes: reads messages, answers pings,
/// pings after request_timeout / 2 of silence, closes with 1000 after request_timeout of
/// silence, answers a client close with close 1000 and a protocol failure with its code, as
/// Tremolo's lib/websocket.py. Silence is checked on <see cref="OnHeartbeat"/> (the server's
/// one timer calls it), so an idle connection owns no timer. Sends come from the reading loop
/// (answers, echoes) and, once <see cref="PumpAsync"/> runs, from the pump too: only then are
/// they serialised by a lock, so an echo socket owns none. After the close frame nothing more
/// is sent. Every send flushes through the connection's <see cref="OutputFlusher"/>, so a
/// peer that stops reading meets the send deadline like any HTTP response.
/// </summary>
public sealed class WebSocketConnection : IDisposable
{
    private readonly PipeReader _input;
    private readonly OutputFlusher _output;
    private readonly long _maxPayloadSize;
    private readonly MessageDeflater? _deflate;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pingAfter;
    private readonly TimeSpan _timeoutAfter;
    private MessageAssembler? _assembler;
    private SemaphoreSlim? _writeLock;
    private long _lastReceived;
    private volatile bool _pinged;
    private volatile bool _idleWake;
    private bool _closeSent;
    private long _messagesOut;

    /// <param name="maxPayloadSize">ws_max_payload_size, or the route's max_payload_size.</param>
    /// <param name="requestTimeout">request_timeout (silence is measured on the flusher's clock).</param>
    /// <param name="deflate">The permessage-deflate agreed in the handshake, or null: then data messages are compressed.</param>
    public WebSocketConnection(PipeReader input, OutputFlusher output, long maxPayloadSize, TimeSpan requestTimeout, MessageDeflater? deflate = null)
    {
        _input = input;
        _output = output;
        _deflate = deflate;
        _maxPayloadSize = maxPayloadSize;
        _time = output.Time;
        _pingAfter = requestTimeout / 2;
        _timeoutAfter = requestTimeout;
        _lastReceived = _time.GetTimestamp();
    }

    /// <summary>
    /// Reads until the connection ends; <paramref name="handler"/> gets each whole text or
    /// binary message. A pending read cancelled by anyone but the silence check (the server
    /// stopping) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<WebSocketEnd> RunAsync(IWebSocketHandler handler)
    {
        long unconsumed = 0;
        while (true)
        {
            // Only this small frame waits while the peer is silent; the work on what arrived runs
            // in a pooled frame of its own.
            var step = await OnReadAsync(await _input.ReadAsync(), unconsumed, handler);
            if (step.End is { } ended)
            {
                return ended;
            }

            unconsumed = step.Unconsumed;
        }
    }

    /// <summary>Whole text and binary messages received (for the access log).</summary>
    public long MessagesIn { get; private set; }

    /// <summary>Text and binary messages sent (for the access log).</summary>
    public long MessagesOut => Volatile.Read(ref _messagesOut);

    /// <summary>Sends a text frame; false when the connection is closing and nothing was sent.</summary>
    public ValueTask<bool> SendTextAsync(string text) => _deflate is null
        ? SendAsync(text, static (writer, text) => FrameWriter.WriteText(writer, text), messages: 1)
        : SendTextUtf8Async(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a text frame from UTF-8 bytes already known to be valid (an echo, no decoding).</summary>
    public ValueTask<bool> SendTextUtf8Async(ReadOnlyMemory<byte> utf8) => SendDataAsync(WebSocketOpcode.Text, utf8);

    public ValueTask<bool> SendBinaryAsync(ReadOnlyMemory<byte> payload) => SendDataAsync(WebSocketOpcode.Binary, payload);

    /// <summary>Sends a close frame with the code, once; later sends are dropped.</summary>
    public async ValueTask CloseAsync(ushort code) =>
        await SendAsync(code, static (writer, code) => FrameWriter.WriteClose(writer, code), closes: true);

    /// <summary>
    /// Sends a channel member's messages until it leaves or is dropped, or the connection
    /// closes: whatever is queued is written in one go and flushed once per batch.
    /// </summary>
    public async Task PumpAsync(ChannelMember member)
    {
        // Made before the first await, so before any send can race with the pump's.
        _writeLock ??= new SemaphoreSlim(1, 1);
        var open = true;
        while (open && await member.WaitToReadAsync())
        {
            open = await SendAsync((this, member), static (writer, state) =>
            {
                while (state.member.TryRead(out var message))
                {
                    state.Item1.WriteBroadcast(writer, message);
                    state.Item1.CountSent(1);
                }
            });
        }
    }

    /// <summary>Wakes the reader once a silence deadline (ping, then close) has passed.</summary>
    public void OnHeartbeat()
    {
        if (!_idleWake && NextDeadline(_time.GetElapsedTime(Volatile.Read(ref _lastReceived))) <= TimeSpan.Zero)
        {
            _idleWake = true;
            _input.CancelPendingRead();
        }
    }

    public void Dispose()
    {
        _assembler?.Dispose();
        _deflate?.Dispose();
    }

    /// <summary>
    /// Handles one read: the silence check (when the heartbeat woke the reader), then every whole
    /// message in the buffer. <paramref name="unconsumed"/> is what the last read left unparsed.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadStep> OnReadAsync(ReadResult result, long unconsumed, IWebSocketHandler handler)
    {
        var buffer = result.Buffer;
        if (result.IsCanceled && !_idleWake)
        {
            // Not the silence check: the server is stopping (or dropped the connection).
            _input.AdvanceTo(buffer.Start, buffer.End);
            throw new OperationCanceledException("the server cancelled the connection's read");
        }

        _idleWake = false;
        if (buffer.Length > unconsumed)
        {
            Volatile.Write(ref _lastReceived, _time.GetTimestamp());
            _pinged = false;
        }
        else if (result.IsCanceled && await OnSilenceAsync() is { } timedOut)
        {
            _input.AdvanceTo(buffer.Start, buffer.End);
            return new ReadStep(timedOut, 0);
        }

        // Made on the first bytes: a client that only listens never needs one.
        var assembler = buffer.IsEmpty ? null : _assembler ??= new MessageAssembler(_maxPayloadSize, _deflate);
        WebSocketEnd? end = null;
        while (end is null && assembler is not null && assembler.TryRead(ref buffer, out var message))
        {
            end = await HandleAsync(message, handler);
        }

        _input.AdvanceTo(buffer.Start, buffer.End);
        if (end is null && result.IsCompleted)
        {
            await CloseAsync(WebSocketCloseCode.Normal);
            end = new(WebSocketEndReason.ClientGone, WebSocketCloseCode.Normal, 0, "connection closed: recv failed");
        }

        return new ReadStep(end, buffer.Length);
    }

    private async ValueTask<WebSocketEnd?> HandleAsync(WebSocketEvent message, IWebSocketHandler handler)
    {
        switch (message.Kind)
        {
            case WebSocketEventKind.Ping:
                await SendAsync(message.Payload, static (writer, payload) => FrameWriter.WritePong(writer, payload.Span));
                return null;
            case WebSocketEventKind.Close:
                await CloseAsync(WebSocketCloseCode.Normal);
                return new WebSocketEnd(WebSocketEndReason.ClientClosed, WebSocketCloseCode.Normal, message.CloseCode, $"connection closed ({message.CloseCode})");
            case WebSocketEventKind.Failed:
                await CloseAsync(message.CloseCode);
                return new WebSocketEnd(WebSocketEndReason.ProtocolFailure, message.CloseCode, 0, message.Reason);
            default:
                MessagesIn++;
                TremoloMetrics.MessageReceived();
                return await handler.OnMessageAsync(message);
        }
    }

    /// <summary>The read was cut short by the idle timer: ping, or give up, or wait on.</summary>
    private async ValueTask<WebSocketEnd?> OnSilenceAsync()
    {
        var silence = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (silence >= _timeoutAfter)
        {
            await CloseAsync(WebSocketCloseCode.Normal);
            return new WebSocketEnd(WebSocketEndReason.TimedOut, WebSocketCloseCode.Normal, 0, "receive timeout");
        }

        var ping = silence >= _pingAfter && !_pinged;
        _pinged |= ping;
        if (ping)
        {
            await SendAsync(0, static (writer, _) => FrameWriter.WritePing(writer));
        }

        return null;
    }

    /// <summary>A text or binary message, compressed when permessage-deflate was agreed (RSV1 on its one frame).</summary>
    private ValueTask<bool> SendDataAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload) =>
        SendAsync((this, opcode, payload), static (writer, state) =>
        {
            var (self, opcode, payload) = state;
            if (self._deflate is { } deflate)
            {
                FrameWriter.WriteFrame(writer, opcode, deflate.Compress(payload.Span), compressed: true);
            }
            else
            {
                FrameWriter.WriteFrame(writer, opcode, payload.Span);
            }
        }, messages: 1);

    /// <summary>
    /// A channel message: the frame shared by every member, plain or compressed without context
    /// (each made once per message); a dedicated context compresses for this member alone.
    /// </summary>
    private void WriteBroadcast(PipeWriter writer, ChannelMessage message)
    {
        if (_deflate is not { } deflate)
        {
            writer.Write(message.GetEncoded(WebSocketFrameEncoding.Instance).Span);
        }
        else if (deflate.Agreement.ServerNoContextTakeover)
        {
            writer.Write(message.GetEncoded(CompressedFrameEncoding.For(deflate.Agreement.ServerMaxWindowBits)).Span);
        }
        else
        {
            var opcode = message.IsText ? WebSocketOpcode.Text : WebSocketOpcode.Binary;
            FrameWriter.WriteFrame(writer, opcode, deflate.Compress(message.Payload.Span), compressed: true);
        }
    }

    private TimeSpan NextDeadline(TimeSpan silence) => (_pinged ? _timeoutAfter : _pingAfter) - silence;

    private void CountSent(int messages)
    {
        Interlocked.Add(ref _messagesOut, messages);
        TremoloMetrics.MessagesSent(messages);
    }

    private async ValueTask<bool> SendAsync<TState>(TState state, Action<PipeWriter, TState> write, bool closes = false, int messages = 0)
    {
        var gate = _writeLock;
        if (gate is not null)
        {
            await gate.WaitAsync();
        }

        try
        {
            if (_closeSent)
            {
                return false;
            }

            _closeSent = closes;
            write(_output.Output, state);
            if (messages > 0)
            {
                CountSent(messages);
            }

            var flushed = await _output.FlushAsync();
            return !flushed.IsCompleted;
        }
        finally
        {
            gate?.Release();
        }
    }

    private readonly record struct ReadStep(WebSocketEnd? End, long Unconsumed);
}
