using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>One numbered connection of a case: writes that may be refused, reads with the case's (scaled) waits.</summary>
public sealed class ReplayConnection(RawHttpClient client) : IDisposable
{
    public int LocalPort => client.LocalPort;

    public bool Eof => client.Eof;

    public static async Task<ReplayConnection> OpenAsync(int port)
        => new(await RawHttpClient.ConnectAsync(port));

    /// <summary>A server that has closed, or stopped reading, may refuse the rest: that is part of what is tested, not an error.</summary>
    public async Task SendAsync(byte[] data)
    {
        try
        {
            await client.SendAsync(data);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException)
        {
        }
    }

    public Task<byte[]> ReadAsync(ReadStep read, double scale) => client.ReadAsync(
        read.Until,
        idle: Scaled(read.IdleMs, scale),
        firstByte: Scaled(read.FirstMs, scale),
        timeout: Scaled(read.TimeoutMs, scale),
        count: read.Count);

    /// <summary>After the last step: wait up to <paramref name="finalMs"/> for the server to close.</summary>
    public Task<byte[]> ReadFinalAsync(int finalMs, double scale)
        => client.ReadAsync(ReadUntil.Close, timeout: Scaled(finalMs, scale));

    private static TimeSpan Scaled(int ms, double scale) => TimeSpan.FromMilliseconds(ms * scale);

    public void Dispose() => client.Dispose();
}
