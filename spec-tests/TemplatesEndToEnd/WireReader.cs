using System.Diagnostics;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// Reads whole messages (HTTP responses, server WebSocket frames) from a <see cref="RawHttpClient"/>
/// as soon as they are complete, keeping what follows for the next read (pipelining).
/// </summary>
internal sealed class WireReader(RawHttpClient client)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private byte[] _pending = [];

    public RawHttpClient Client => client;

    public Task<WireResponse> ReadResponseAsync(TimeSpan? timeout = null) =>
        ReadAsync(data => WireResponse.TryParse(data, client.Eof, out var response, out var used) ? (response, used) : (null, 0), timeout);

    /// <summary>One server frame.</summary>
    public Task<WsFrame> ReadFrameAsync(TimeSpan? timeout = null) =>
        ReadAsync(data => (WsCodec.Decode(data, out var used), used), timeout);

    /// <summary>A text frame's payload as UTF-8.</summary>
    public async Task<string> ReadTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReadFrameAsync(timeout);
        Assert.Equal(WsOpcode.Text, frame.Opcode);
        return Encoding.UTF8.GetString(frame.Payload);
    }

    private async Task<T> ReadAsync<T>(Func<byte[], (T? Message, int Used)> parse, TimeSpan? timeout)
        where T : class
    {
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var (message, used) = parse(_pending);
            if (message is not null)
            {
                _pending = _pending[used..];
                return message;
            }

            var left = (timeout ?? DefaultTimeout) - Stopwatch.GetElapsedTime(start);
            if (client.Eof || left <= TimeSpan.Zero)
            {
                throw new InvalidDataException($"no whole message (eof={client.Eof}); got: {Encoding.Latin1.GetString(_pending)}");
            }

            _pending = [.. _pending, .. await client.ReadAsync(ReadUntil.Bytes, count: 1, timeout: left)];
        }
    }

    /// <summary>Waits for the server to close; what it sent meanwhile, after any unread bytes.</summary>
    public async Task<string> ReadToCloseAsync(TimeSpan? timeout = null)
    {
        var rest = Encoding.Latin1.GetString(_pending) + await client.ReadToCloseAsync(timeout ?? DefaultTimeout);
        _pending = [];
        return rest;
    }
}
