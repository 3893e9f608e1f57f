using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tremolo.SpecTests.Support;

/// <summary>
/// A bare RFC 6455 client on a loopback socket: sends the opening handshake, masks every frame
/// it sends (random key, 5.3) and parses the server's frames itself, so tests see exactly what
/// the server put on the wire. Pings are answered and skipped; one reader at a time.
/// </summary>
public sealed class WsTestClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private WsTestClient(Socket socket, int bufferSize)
    {
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The client's port (Tremolo's client.port, as in "Guest{{ client.port }}").</summary>
    public int LocalPort { get; private set; }

    /// <summary>The server's 101 head, up to and including its blank line.</summary>
    public string Head { get; private set; } = "";

    /// <summary>True once the server closed or reset the connection.</summary>
    public bool Eof { get; private set; }

    /// <summary>True when the server's 101 agreed permessage-deflate: then RSV1 may mark its messages.</summary>
    public bool Deflate { get; private set; }

    /// <summary>The opening handshake (RFC 6455 4.1) for a path on 127.0.0.1:port, with Sec-WebSocket-Extensions lines when given.</summary>
    public static string UpgradeRequest(int port, string path, string key = "dGhlIHNhbXBsZSBub25jZQ==", params string[] extensions) =>
        $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        string.Concat(extensions.Select(e => $"Sec-WebSocket-Extensions: {e}\r\n")) +
        $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /// <summary>Connects and upgrades; throws unless the server answers 101 with the right accept key.</summary>
    /// <param name="receiveBufferSize">the socket's kernel receive buffer (small: a client that stalls sooner); 0 for the default.</param>
    /// <param name="extensions">Sec-WebSocket-Extensions request lines (e.g. "permessage-deflate").</param>
    public static async Task<WsTestClient> ConnectAsync(int port, string path = "/", int receiveBufferSize = 0, TimeSpan? timeout = null, params string[] extensions)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize > 0)
        {
            socket.ReceiveBufferSize = receiveBufferSize;
        }

        var client = new WsTestClient(socket, 4096);
        try
        {
            using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            client.LocalPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            await client.SendRawAsync(Encoding.ASCII.GetBytes(UpgradeRequest(port, path, key, extensions)), cts.Token);
            client.Head = await client.ReadHeadAsync(cts.Token);
            client.Deflate = client.Head.Contains("\r\nSec-WebSocket-Extensions: permessage-deflate", StringComparison.Ordinal);
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            if (!client.Head.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", StringComparison.Ordinal) ||
                !client.Head.Contains($"\r\nSec-WebSocket-Accept: {accept}\r\n", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"no WebSocket upgrade on {path}:\n{client.Head}");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public Task SendTextAsync(string text) => SendFrameAsync(WsOpcode.Text, Encoding.UTF8.GetBytes(text));

    public Task SendBinaryAsync(byte[] payload) => SendFrameAsync(WsOpcode.Binary, payload);

    public Task SendCloseAsync(ushort code)
    {
        var payload = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        return SendFrameAsync(WsOpcode.Close, payload);
    }

    /// <summary>A text message compressed as RFC 7692 section 7.2.1 (one frame, RSV1).</summary>
    public Task SendCompressedTextAsync(string text) => SendFrameAsync(WsOpcode.Text, WsDeflate.Compress(Encoding.UTF8.GetBytes(text)), rsv1: true);

    /// <summary>The next text message, inflated when it came compressed (RSV1).</summary>
    public async Task<string> ReceiveMessageTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync(timeout);
        return frame.Opcode == WsOpcode.Text
            ? Encoding.UTF8.GetString(frame.Rsv1 ? WsDeflate.Inflate(frame.Payload) : frame.Payload)
            : throw new InvalidOperationException($"expected a text message, got {frame}");
    }

    /// <summary>One frame, masked with a fresh key; <paramref name="rsv1"/>/<paramref name="reserved"/> set RSV1 or other RSV bits (0x70 mask).</summary>
    public async Task SendFrameAsync(WsOpcode opcode, byte[] payload, bool rsv1 = false, bool fin = true, int reserved = 0)
    {
        var frame = WsCodec.Encode(opcode, payload, fin, ((rsv1 ? 0x40 : 0) | (reserved & 0x70)) >> 4, maskKey: RandomNumberGenerator.GetBytes(4));
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await SendRawAsync(frame, cts.Token);
    }

    /// <summary>The next text message; fails on anything else (binary, close, end of stream).</summary>
    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync(timeout);
        return frame.Opcode == WsOpcode.Text
            ? Encoding.UTF8.GetString(frame.Payload)
            : throw new InvalidOperationException($"expected a text message, got {frame}");
    }

    /// <summary>
    /// The next data or close frame (pings are answered with a pong and skipped). Server frames
    /// must be unmasked, whole (FIN) and without reserved bits (RSV1 allowed on data frames once
    /// permessage-deflate was agreed); <see cref="WsFrame.EndOfStream"/> once the stream ended.
    /// </summary>
    public async Task<WsFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            WsHeader? read;
            while ((read = WsCodec.ReadHeader(_buffer.AsSpan(_start, _end - _start))) is null)
            {
                if (!await FillAsync(_end - _start + 1, cts.Token))
                {
                    return WsFrame.EndOfStream;
                }
            }

            var header = read.Value;
            var rsv1Allowed = Deflate && header.Opcode is WsOpcode.Text or WsOpcode.Binary;
            if ((header.Rsv & (rsv1Allowed ? 3 : 7)) != 0 || header.Masked || !header.Fin)
            {
                throw new InvalidDataException($"bad server frame header {_buffer[_start]:X2} {_buffer[_start + 1]:X2}");
            }

            if (!await FillAsync(checked(header.Size + (int)header.Length), cts.Token))
            {
                return WsFrame.EndOfStream;
            }

            var frame = WsCodec.Decode(_buffer.AsSpan(_start, _end - _start), out var used)!;
            _start += used;
            if (frame.Opcode == WsOpcode.Ping)
            {
                await SendFrameAsync(WsOpcode.Pong, frame.Payload);
                continue;
            }

            return frame;
        }
    }

    /// <summary>Reads until the server ends the stream; true when it did so within the timeout (frames met on the way are dropped).</summary>
    public async Task<bool> WaitForEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await FillAsync(_end - _start + 1, cts.Token))
            {
                _start = _end;
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Drops the connection abruptly: a TCP reset, no close frame (a crashed browser, a lost network).</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }

    private async Task SendRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            data = data[await _socket.SendAsync(data, SocketFlags.None, cancellationToken)..];
        }
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var at = _buffer.AsSpan(searched, _end - searched).IndexOf("\r\n\r\n"u8);
            if (at >= 0)
            {
                _start = searched + at + 4;
                return Encoding.Latin1.GetString(_buffer, 0, _start);
            }

            searched = Math.Max(0, _end - 3);
            if (!await FillAsync(_end - _start + 1, cancellationToken))
            {
                throw new InvalidOperationException($"the server closed during the handshake:\n{Encoding.Latin1.GetString(_buffer, 0, _end)}");
            }
        }
    }

    /// <summary>Receives until <paramref name="count"/> unread bytes are buffered; false at end of stream.</summary>
    private async Task<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (Eof)
            {
                return false;
            }

            if (_buffer.Length - _start < count)
            {
                var bigger = count > _buffer.Length ? new byte[Math.Max(count, _buffer.Length * 2)] : _buffer;
                Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                (_buffer, _end, _start) = (bigger, _end - _start, 0);
            }

            int received;
            try
            {
                received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                received = 0;
            }

            Eof = received == 0;
            _end += received;
        }

        return true;
    }
}
