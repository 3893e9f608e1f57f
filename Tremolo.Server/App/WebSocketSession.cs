using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Tremolo.Config.Model;
using Tremolo.Server.Channels;
using Tremolo.Server.Http;
using Tremolo.Server.WebSockets;
using Tremolo.Server.WebSockets.Compression;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// One accepted no-code WebSocket: after the 101 head it echoes each message through
/// `format`, or publishes it to the channel, where every member (the sender included) gets
/// it in the channel's one order. Binary messages go back (or out) as they came. A broadcast
/// member's arrival (after its greeting) and its leaving, whatever the cause, are told to the
/// channel through `join` and `leave`. One object per connection holds what the session
/// needs, so an idle socket costs no closures.
/// </summary>
internal sealed class WebSocketSession(ChannelHub hub, HttpContext context, RouteModel route, WebSocketModel model, DeflateAgreement? deflate)
    : IUpgradedSession, IWebSocketHandler
{
    private WebSocketConnection? _socket;
    private ChannelMember? _member;
    private Task? _pump;
    private RenderScope? _requestScope;
    private string? _channel;
    private bool _arrived;
    private bool _echoesAsIs;
    private long _rateWindowStart;
    private int _rateCount;

    /// <summary>
    /// Only a plain uncompressed echo (format `{{ message }}`, no greeting) answers each message
    /// with a bounded copy; deflating and inflating cost what the client sends.
    /// </summary>
    public bool HasCostlyMessages =>
        model.Mode == WebSocketMode.Broadcast || model.Greeting is not null || !IsIdentity(model.Format) || deflate is not null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask StartAsync()
    {
        var options = context.Options;
        _channel = model.Mode == WebSocketMode.Broadcast
            ? (model.Channel is { } name ? name.Render(RenderContext.Base(context), escapeHtml: false) : route.Path)
            : null;
        _echoesAsIs = IsIdentity(model.Format);

        // Joined before the 101 goes out: a client holding its handshake answer misses nothing
        // published after it. A member that falls max_queue_size messages behind is dropped.
        _member = _channel is null ? null : hub.Join(_channel, model.History, Drop, present: true, historyTtl: TimeSpan.FromSeconds(model.HistoryTtl));
        await context.FlushAsync();
        _socket = context.OpenWebSocket(model.MaxPayloadSize ?? options.WsMaxPayloadSize, deflate is null ? null : new MessageDeflater(deflate));
        if (_channel is not null)
        {
            // With a broker, the first member here waits one round trip to count the other nodes' members.
            await hub.MembersKnownAsync(_channel);
        }

        if (model.Greeting is { } greeting)
        {
            await _socket.SendTextAsync(greeting.Render(Scope(), escapeHtml: false));
        }

        // Told after the greeting, so the newcomer reads its welcome first; kept in no history.
        if (model.Join is { } join)
        {
            _member!.Publish(ChannelMessage.FromText(join.Render(Scope(), escapeHtml: false), transient: true));
        }

        _arrived = _member is not null;
        _pump = _member is null ? null : _socket.PumpAsync(_member);
        if (_echoesAsIs && model.Leave is null)
        {
            // Nothing renders from here on (the channel name, greeting and join are done): the
            // request's fields and the app's per-request state are not needed for the rest of a
            // possibly long, idle life.
            context.Head.ForgetAllButRequestLine();
            context.AppState = null;
            _requestScope = null;
        }
    }

    public Task RunAsync() => _socket!.RunAsync(this);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask EndAsync(Exception? failure)
    {
        var socket = _socket;
        try
        {
            if (socket is not null)
            {
                switch (failure)
                {
                    case TemplateRenderException failed:
                        // RFC 6455 7.4.1: 1011, the server hit a condition it cannot serve (Tremolo just drops the socket).
                        context.Log.Error($"{context.Head.Path}: websocket template: {failed.GetType().Name}: {failed.Message}");
                        await socket.CloseAsync(1011);
                        failure = null;
                        break;
                    case OperationCanceledException:
                        // The server is stopping: say so (1001 Going Away) before the connection ends.
                        await socket.CloseAsync(1001);
                        failure = null;
                        break;
                }
            }
        }
        finally
        {
            Messages = socket is null ? default : (socket.MessagesIn, socket.MessagesOut);
            _socket = null;
            _member?.Dispose();
            AnnounceLeave();
            if (_pump is { } pump)
            {
                await pump.ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            socket?.Dispose();
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        await context.LingerAsync();
    }

    public void OnHeartbeat() => _socket?.OnHeartbeat();

    public (long In, long Out) Messages { get; private set; }

    /// <summary>
    /// The scope of the session's templates: the request's (made on first use: a plain echo
    /// never needs one), with the message, and on a broadcast route the channel and its member count now.
    /// </summary>
    private RenderScope Scope(string? message = null)
    {
        var scope = _requestScope ??= RenderContext.Base(context);
        return message is null && _channel is null
            ? scope
            : scope.With(message: message, channel: _channel, members: _channel is null ? null : hub.Members(_channel));
    }

    /// <summary>A member that arrived tells the channel it left (counted out already); a failing `leave` is logged, never thrown.</summary>
    private void AnnounceLeave()
    {
        if (!_arrived || model.Leave is not { } leave)
        {
            return;
        }

        try
        {
            hub.Publish(_channel!, ChannelMessage.FromText(leave.Render(Scope(), escapeHtml: false), transient: true));
        }
        catch (Exception e) when (TemplateFailures.Is(e))
        {
            context.Log.Error($"{context.Head.Path}: websocket template: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Drop(ChannelMember member)
    {
        DroppedMembers.Log(context, member);
        context.Abort();
    }

    /// <summary>
    /// Echo sends the frame back on this socket; broadcast publishes a copy to the channel,
    /// where every member (this one included) gets it in the channel's one order.
    /// </summary>
    public ValueTask<WebSocketEnd?> OnMessageAsync(WebSocketEvent message)
    {
        if (model.MaxMessagesPerSecond is { } limit && OverRate(limit))
        {
            return CloseFloodingAsync(limit);
        }

        var isText = message.Kind == WebSocketEventKind.Text;
        if (!isText || _echoesAsIs)
        {
            return DeliverAsync(isText, message.Payload);
        }

        var text = Encoding.UTF8.GetString(message.Payload.Span);
        var formatted = model.Format.Render(Scope(text), escapeHtml: false);
        return DeliverAsync(isText: true, Encoding.UTF8.GetBytes(formatted));
    }

    /// <summary>Counts a message in its one-second window (on the server's clock); true past the limit.</summary>
    private bool OverRate(int limit)
    {
        var time = context.Time;
        if (_rateCount == 0 || time.GetElapsedTime(_rateWindowStart) >= TimeSpan.FromSeconds(1))
        {
            _rateWindowStart = time.GetTimestamp();
            _rateCount = 0;
        }

        return ++_rateCount > limit;
    }

    /// <summary>RFC 6455 7.4.1: 1008, the client broke the endpoint's policy (max_messages_per_second).</summary>
    private async ValueTask<WebSocketEnd?> CloseFloodingAsync(int limit)
    {
        var detail = $"more than {limit} messages per second";
        context.Log.Warning($"{context.Head.Path}: websocket client {context.ClientHost}:{context.ClientPort} closed (1008): {detail}");
        await _socket!.CloseAsync(WebSocketCloseCode.PolicyViolation);
        return new WebSocketEnd(WebSocketEndReason.ProtocolFailure, WebSocketCloseCode.PolicyViolation, 0, detail);
    }

    private async ValueTask<WebSocketEnd?> DeliverAsync(bool isText, ReadOnlyMemory<byte> payload)
    {
        if (_member is { } member)
        {
            member.Publish(isText ? ChannelMessage.FromUtf8(payload.Span) : ChannelMessage.FromBinary(payload.Span));
        }
        else if (isText)
        {
            await _socket!.SendTextUtf8Async(payload);
        }
        else
        {
            await _socket!.SendBinaryAsync(payload);
        }

        return null;
    }

    /// <summary>format: "{{ message }}" (spaces aside) sends the message back untouched, with no render at all.</summary>
    private static bool IsIdentity(CompiledTemplate format)
    {
        const string identity = "{{message}}";
        var matched = 0;
        foreach (var c in format.Source)
        {
            if (c == ' ')
            {
                continue;
            }

            if (matched == identity.Length || c != identity[matched])
            {
                return false;
            }

            matched++;
        }

        return matched == identity.Length;
    }
}
