using System.Net.Sockets;
using Mono.Unix;
using Mono.Unix.Native;

namespace Tremolo.Server.Transport;

/// <summary>
/// The file of a unix socket we bind: a live socket at the path (something answers a
/// connect) is never taken over, a stale one is replaced, anything else in the way is
/// refused; at exit the path is unlinked only while it is still our socket (same device and
/// inode), not one another server has bound there since.
/// </summary>
internal sealed class UnixSocketFile
{
    private readonly string _path;
    private readonly ulong _device;
    private readonly ulong _inode;

    private UnixSocketFile(string path, ulong device, ulong inode)
    {
        _path = path;
        _device = device;
        _inode = inode;
    }

    /// <summary>Makes the path free for a bind, or throws <see cref="IOException"/> saying why it cannot be.</summary>
    public static void Prepare(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new IOException($"folder '{folder}' does not exist");
        }

        if (Syscall.lstat(path, out var status) != 0)
        {
            return;
        }

        if ((status.st_mode & FilePermissions.S_IFMT) != FilePermissions.S_IFSOCK)
        {
            throw new IOException("a file that is not a socket is in the way");
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new IOException("another server is listening on it");
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody listens: a socket file left by a server that did not stop cleanly.
            }
        }

        File.Delete(path);
    }

    /// <summary>The socket file just bound at <paramref name="path"/>, remembered by device and inode.</summary>
    public static UnixSocketFile Bound(string path)
    {
        if (Syscall.lstat(path, out var status) != 0)
        {
            throw new IOException($"the socket file vanished after bind: {UnixMarshal.GetErrorDescription(Stdlib.GetLastError())}");
        }

        return new UnixSocketFile(path, status.st_dev, status.st_ino);
    }

    /// <summary>Unlinks the path if it is still the socket we bound.</summary>
    public void Remove()
    {
        if (Syscall.lstat(_path, out var status) == 0 && status.st_dev == _device && status.st_ino == _inode)
        {
            Syscall.unlink(_path);
        }
    }
}
