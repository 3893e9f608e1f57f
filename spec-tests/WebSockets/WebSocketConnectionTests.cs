using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tremolo.Server.Channels;
using Tremolo.Server.Transport;
using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>
/// A connection after the 101, driven over pipes with the corpus's frames: what goes back
/// must be the recorded bytes (parity/cases/websocket, app with request_timeout 4).
/// </summary>
public sealed class WebSocketConnectionTests : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(4);
    private readonly Pipe _fromClient = new();
    private readonly Pipe _toClient = new();
    private readonly FakeTimeProvider _time = new();
    private readonly WebSocketConnection _connection;

    public WebSocketConnectionTests() =>
        _connection = new WebSocketConnection(_fromClient.Reader, new OutputFlusher(_toClient.Writer, _time, RequestTimeout), 73728, RequestTimeout);

    [Fact]
    public async Task Parity_EchoTwoMessages_AnswersInOrder()
    {
        var run = RunEcho("You said: ");
        await Send(WsCodec.Text("one"));
        Assert.Equal("\u0081\rYou said: one", await Received(15));
        await Send(WsCodec.Text("two"));
        Assert.Equal("\u0081\rYou said: two", await Received(15));
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task Parity_Binary65536_IsEchoedAsBinary()
    {
        _ = RunEcho("");
        // Both directions are over the pipes' pause threshold: send and read at once, as TCP would.
        var sending = Send(WsCodec.Encode(WsOpcode.Binary, Enumerable.Repeat((byte)'A', 65536).ToArray()));
        var answer = await Received(10 + 65536);
        await sending;
        Assert.Equal("\u0082\u007f\u0000\u0000\u0000\u0000\u0000\u0001\u0000\u0000AAA", answer[..13]);
    }

    [Fact]
    public async Task Parity_PingPong_PingIsAnsweredWithItsPayload()
    {
        _ = RunEcho("");
        await Send(WsCodec.Encode(WsOpcode.Ping, "hi"u8.ToArray()));
        Assert.Equal("\u008a\u0002hi", await Received(4));
    }

    [Theory]
    [InlineData("\u0003\u00e8", 1000)]
    [InlineData("", 1005)]
    [InlineData("\u0003\u00e9", 1001)]
    public async Task Parity_ClientClose_IsAnsweredWithClose1000(string payload, int clientCode)
    {
        var run = RunEcho("");
        await Send(WsCodec.Encode(WsOpcode.Close, Encoding.Latin1.GetBytes(payload)));
        Assert.Equal("\u0088\u0002\u0003\u00e8", await Received(4));
        Assert.Equal(new WebSocketEnd(WebSocketEndReason.ClientClosed, 1000, (ushort)clientCode, $"connection closed ({clientCode})"), await run);
        Assert.False(await _connection.SendTextAsync("too late"));
    }

    [Theory]
    [InlineData(0, "orphan", "\u0003\u00ea")]
    [InlineData(3, "??", "\u0003\u00f0")]
    public async Task Parity_ProtocolFailure_SendsItsCloseCode(int opcode, string payload, string code)
    {
        var run = RunEcho("");
        await Send(WsCodec.Encode((WsOpcode)opcode, Encoding.Latin1.GetBytes(payload)));
        Assert.Equal("\u0088\u0002" + code, await Received(4));
        Assert.Equal(WebSocketEndReason.ProtocolFailure, (await run).Reason);
    }

    [Fact]
    public async Task Parity_TooLargeDeclared_ClosesWith1009WithoutThePayload()
    {
        var run = RunEcho("");
        await Send(WsCodec.Encode(WsOpcode.Binary, [], length: 73729));
        Assert.Equal("\u0088\u0002\u0003\u00f1", await Received(4));
        Assert.Equal((WebSocketEndReason.ProtocolFailure, (ushort)1009), ((await run).Reason, (await run).SentCode));
    }

    [Fact]
    public async Task Rfc6455_8_1_InvalidUtf8ClosesWith1007()
    {
        _ = RunEcho("");
        await Send(WsCodec.Encode(WsOpcode.Text, [0xC3, 0x28]));
        Assert.Equal("\u0088\u0002\u0003\u00ef", await Received(4));
    }

    [Fact]
    public async Task Parity_IdlePingThenClose_PingAtHalfTheTimeoutThenClose1000()
    {
        var run = RunEcho("");
        await Task.Delay(50);
        Tick(TimeSpan.FromSeconds(1.9));
        Tick(TimeSpan.FromSeconds(0.1));
        Assert.Equal("\u0089\u0000", await Received(2));
        Assert.False(run.IsCompleted);
        Tick(TimeSpan.FromSeconds(2));
        Assert.Equal("\u0088\u0002\u0003\u00e8", await Received(4));
        Assert.Equal(WebSocketEndReason.TimedOut, (await run).Reason);
    }

    [Fact]
    public async Task Parity_PongKeepsAlive_DataResetsTheSilence()
    {
        var run = RunEcho("");
        await Task.Delay(50);
        Tick(TimeSpan.FromSeconds(2));
        Assert.Equal("\u0089\u0000", await Received(2));

        Tick(TimeSpan.FromSeconds(1));
        await Send(WsCodec.Encode(WsOpcode.Pong, []));
        await Send(WsCodec.Text("still here"));
        Assert.Equal("\u0081\nstill here", await Received(12));

        // 3 s after the pong: no close (silence is counted from the last byte), one more ping.
        Tick(TimeSpan.FromSeconds(3));
        Assert.Equal("\u0089\u0000", await Received(2));
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task Rfc6455_7_1_1_StreamEndWithoutCloseAttemptsClose1000()
    {
        var run = RunEcho("");
        await _fromClient.Writer.CompleteAsync();
        Assert.Equal(WebSocketEndReason.ClientGone, (await run).Reason);
        Assert.Equal("\u0088\u0002\u0003\u00e8", await Received(4));
    }

    [Fact]
    public async Task Broadcast_PumpSendsTheSharedFramesInOrder()
    {
        var hub = new ChannelHub(128);
        var member = hub.Join("room");
        var pump = _connection.PumpAsync(member);
        hub.Publish("room", ChannelMessage.FromText("a"));
        hub.Publish("room", ChannelMessage.FromBinary([7]));
        Assert.Equal("\u0081\u0001a\u0082\u0001\u0007", await Received(6));
        member.Dispose();
        await pump.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => _connection.Dispose();

    private Task<WebSocketEnd> RunEcho(string prefix) => _connection.RunAsync(new Echo(_connection, prefix));

    /// <summary>The clock moves on and the server's heartbeat looks at the silence, as every 100 ms in the engine.</summary>
    private void Tick(TimeSpan by)
    {
        _time.Advance(by);
        _connection.OnHeartbeat();
    }

    private sealed class Echo(WebSocketConnection connection, string prefix) : IWebSocketHandler
    {
        public async ValueTask<WebSocketEnd?> OnMessageAsync(WebSocketEvent message)
        {
            if (message.Kind == WebSocketEventKind.Text)
            {
                await connection.SendTextAsync(prefix + Encoding.UTF8.GetString(message.Payload.Span));
            }
            else
            {
                await connection.SendBinaryAsync(message.Payload);
            }

            return null;
        }
    }

    private async Task Send(byte[] bytes) => await _fromClient.Writer.WriteAsync(bytes);

    private async Task<string> Received(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync(timeout.Token);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count);
                var text = Encoding.Latin1.GetString(bytes.ToArray());
                _toClient.Reader.AdvanceTo(bytes.End);
                return text;
            }

            _toClient.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
