using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tremolo.Bench.Load;

/// <summary>
/// A lean RFC 6455 client on a raw socket, so that the load client spends as little of the
/// shared CPU as it can: frames are built (and masked) once and sent as-is, and received
/// messages are read in place from one buffer. Only what the loads need: text/binary
/// messages, fragments, ping -> pong, close.
/// </summary>
sealed class RawWebSocket : IDisposable
{
    public const int Text = 1, Close = 8;
    const int Continuation = 0, Ping = 9, Pong = 10;
    static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    readonly Socket _socket;
    readonly byte[] _mask = RandomNumberGenerator.GetBytes(4);
    readonly SemaphoreSlim _sending = new(1, 1);
    byte[] _buffer = new byte[8192];
    int _start, _end;
    byte[] _fragments = [];
    int _fragmentsLength;

    RawWebSocket(Socket socket) => _socket = socket;

    /// <summary>
    /// Offer permessage-deflate with both no_context_takeover parameters (every load with
    /// `--deflate 1`): the client sends plain frames, which RFC 7692 allows, and inflates what
    /// comes back compressed, one message at a time.
    /// </summary>
    public static bool OfferDeflate { get; set; }

    static readonly byte[] DeflateTail = [0x00, 0x00, 0xFF, 0xFF];
    readonly MemoryStream _inflated = new();

    /// <summary>The payload of the message last returned by <see cref="ReceiveAsync"/>; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    public static async Task<RawWebSocket> ConnectAsync(Uri url, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new RawWebSocket(socket);
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, ct);
            await client.HandshakeAsync(url, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    async Task HandshakeAsync(Uri url, CancellationToken ct)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\n" +
                      (OfferDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n" : "") +
                  $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await SendRawAsync(Encoding.ASCII.GetBytes(request), ct);

        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0)
            await FillAsync(ct);
        var head = Encoding.ASCII.GetString(_buffer, 0, headEnd);
        _start = headEnd + 4; // anything after the head is already WebSocket data

        var expected = Convert.ToBase64String(SHA1.HashData([.. Encoding.ASCII.GetBytes(key), .. AcceptGuid]));
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            throw new IOException($"upgrade refused: {head.Split("\r\n")[0]}");
        if (!head.Contains($"\r\nsec-websocket-accept: {expected}", StringComparison.OrdinalIgnoreCase))
            throw new IOException("bad Sec-WebSocket-Accept");
    }

    /// <summary>A complete masked client frame, to build once and send as often as needed.</summary>
    public byte[] Frame(ReadOnlySpan<byte> payload, int opcode = Text)
    {
        var header = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        if (header == 2) frame[1] = (byte)(0x80 | payload.Length);
        else if (header == 4)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }
        _mask.CopyTo(frame, header);
        for (var i = 0; i < payload.Length; i++) frame[header + 4 + i] = (byte)(payload[i] ^ _mask[i & 3]);
        return frame;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _sending.WaitAsync(ct);
        try { await SendRawAsync(frame, ct); }
        finally { _sending.Release(); }
    }

    async ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (bytes.Length > 0)
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, ct)..];
    }

    /// <summary>Reads the next whole message; returns its opcode (<see cref="Close"/> when the server closes).</summary>
    public async ValueTask<int> ReceiveAsync(CancellationToken ct)
    {
        _fragmentsLength = 0;
        var messageOpcode = 0;
        var compressed = false;
        while (true)
        {
            bool fin;
            int opcode, payloadStart, payloadLength;
            while (!TryParseFrame(out fin, out opcode, out payloadStart, out payloadLength))
                await FillAsync(ct);
            if (opcode is 1 or 2) compressed = (_buffer[_start] & 0x40) != 0;
            var payload = _buffer.AsMemory(payloadStart, payloadLength);
            _start = payloadStart + payloadLength;

            switch (opcode)
            {
                case Close:
                    Payload = payload;
                    return Close;
                case Ping:
                    await SendAsync(Frame(payload.Span, Pong), ct);
                    continue;
                case Pong:
                    continue;
                case Continuation:
                    Append(payload.Span);
                    break;
                default:
                    messageOpcode = opcode;
                    if (fin)
                    {
                        Payload = compressed ? Inflate(payload) : payload;
                        return opcode;
                    }
                    Append(payload.Span);
                    break;
            }
            if (fin)
            {
                Payload = compressed ? Inflate(_fragments.AsMemory(0, _fragmentsLength)) : _fragments.AsMemory(0, _fragmentsLength);
                return messageOpcode;
            }
        }
    }

    /// <summary>RFC 7692 7.2.2: the payload with 00 00 FF FF put back, inflated on its own.</summary>
    ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> payload)
    {
        var input = new MemoryStream(payload.Length + 4);
        input.Write(payload.Span);
        input.Write(DeflateTail);
        input.Position = 0;
        _inflated.SetLength(0);
        using (var inflater = new DeflateStream(input, CompressionMode.Decompress))
            inflater.CopyTo(_inflated);
        return _inflated.GetBuffer().AsMemory(0, (int)_inflated.Length);
    }

    bool TryParseFrame(out bool fin, out int opcode, out int payloadStart, out int payloadLength)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        fin = false;
        opcode = payloadStart = payloadLength = 0;
        if (available.Length < 2) return false;
        fin = (available[0] & 0x80) != 0;
        opcode = available[0] & 0x0F;
        var masked = (available[1] & 0x80) != 0;
        long length = available[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            if (available.Length < 4) return false;
            length = BinaryPrimitives.ReadUInt16BigEndian(available[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            if (available.Length < 10) return false;
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..]);
            header = 10;
        }
        if (masked) header += 4;
        if (length > int.MaxValue / 2) throw new IOException($"frame of {length} bytes");
        if (available.Length < header + length)
        {
            EnsureRoom(header + (int)length);
            return false;
        }
        payloadStart = _start + header;
        payloadLength = (int)length;
        if (masked) // servers must not mask, but unmasking costs nothing to support
        {
            var key = available.Slice(header - 4, 4).ToArray();
            var body = _buffer.AsSpan(payloadStart, payloadLength);
            for (var i = 0; i < body.Length; i++) body[i] ^= key[i & 3];
        }
        return true;
    }

    // Makes sure a frame of `size` bytes starting at _start fits in the buffer.
    void EnsureRoom(int size)
    {
        if (_start + size <= _buffer.Length) return;
        var target = size > _buffer.Length ? new byte[Math.Max(size, _buffer.Length * 2)] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
        _end -= _start;
        _start = 0;
        _buffer = target;
    }

    async ValueTask FillAsync(CancellationToken ct)
    {
        if (_start == _end) _start = _end = 0;
        if (_end == _buffer.Length) EnsureRoom(_end - _start + 1);
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (read == 0) throw new IOException("the server closed the connection");
        _end += read;
    }

    void Append(ReadOnlySpan<byte> payload)
    {
        if (_fragmentsLength + payload.Length > _fragments.Length)
            Array.Resize(ref _fragments, Math.Max(_fragmentsLength + payload.Length, _fragments.Length * 2));
        payload.CopyTo(_fragments.AsSpan(_fragmentsLength));
        _fragmentsLength += payload.Length;
    }

    /// <summary>Sends a close frame (1000); the server's answer is left to whoever is reading.</summary>
    public ValueTask CloseOutputAsync(CancellationToken ct) => SendAsync(Frame([0x03, 0xE8], Close), ct);

    /// <summary>The whole closing handshake, when no one else is reading this socket.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        await CloseOutputAsync(ct);
        while (await ReceiveAsync(ct) != Close) { }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _sending.Dispose();
    }
}
