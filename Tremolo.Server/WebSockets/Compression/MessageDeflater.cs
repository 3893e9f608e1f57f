using System.Buffers;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// Compresses a connection's outgoing messages and inflates its incoming ones as agreed.
/// With the shared mode (server_no_context_takeover) compression runs on the calling
/// thread's own compressor, reset per message, and with client_no_context_takeover
/// inflation too, so an idle connection holds no zlib state at all; a dedicated connection
/// makes its own contexts on first use and keeps them.
/// </summary>
public sealed class MessageDeflater(DeflateAgreement agreement) : IDisposable
{
    // Per thread, by window bits: compression is synchronous, so a thread's compressor is never
    // used by two messages at once.
    [ThreadStatic] private static RawDeflater?[]? t_deflaters;
    [ThreadStatic] private static RawInflater? t_inflater;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_output;

    private RawDeflater? _deflater;
    private RawInflater? _inflater;

    public DeflateAgreement Agreement { get; } = agreement;

    /// <summary>
    /// The message's compressed payload (valid until this thread compresses again), to be sent
    /// in frames whose first has RSV1 set.
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> payload)
    {
        var output = t_output ??= new ArrayBufferWriter<byte>(256);
        if (Agreement.Mode == DeflateMode.Dedicated)
        {
            _deflater ??= new RawDeflater(Agreement.ServerMaxWindowBits);
            return _deflater.Compress(payload, output, reset: Agreement.ServerNoContextTakeover);
        }

        return SharedCompress(payload, Agreement.ServerMaxWindowBits);
    }

    /// <summary>Compresses with this thread's shared compressor, nothing carried over from earlier messages.</summary>
    public static ReadOnlySpan<byte> SharedCompress(ReadOnlySpan<byte> payload, int windowBits)
    {
        var deflaters = t_deflaters ??= new RawDeflater?[16];
        var deflater = deflaters[windowBits] ??= new RawDeflater(windowBits);
        return deflater.Compress(payload, t_output ??= new ArrayBufferWriter<byte>(256), reset: true);
    }

    /// <summary>Inflates one received message; see <see cref="RawInflater.Inflate"/>.</summary>
    internal InflateStatus Inflate(ReadOnlySpan<byte> compressed, long limit, out byte[]? message, out int length)
    {
        if (Agreement.ClientNoContextTakeover)
        {
            return (t_inflater ??= new RawInflater()).Inflate(compressed, limit, reset: true, out message, out length);
        }

        _inflater ??= new RawInflater();
        return _inflater.Inflate(compressed, limit, reset: false, out message, out length);
    }

    public void Dispose()
    {
        _deflater?.Dispose();
        _inflater?.Dispose();
    }
}
