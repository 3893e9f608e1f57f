using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Tremolo.Server.Transport;

/// <summary>
/// The socket stream under TLS. With inline socket completions (see <see cref="SocketEngineMode"/>)
/// a read that had to wait resumes on the socket engine's thread; SslStream would then run its
/// handshake and record crypto there, holding up every other connection of that thread. Such a
/// read resumes on the thread pool instead; a read that completes at once needs no hop.
/// </summary>
internal sealed class PoolResumingNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: false)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = base.ReadAsync(buffer, cancellationToken);
        return read.IsCompleted ? read : ResumeOnPoolAsync(read);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ResumeOnPoolAsync(ValueTask<int> read)
    {
        var count = await read.ConfigureAwait(false);
        await Task.Yield();
        return count;
    }
}
