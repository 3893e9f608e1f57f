using System.Net;
using System.Net.Sockets;

namespace Tremolo.Server.Transport;

/// <summary>
/// A unix socket path to bind, as <see cref="UnixDomainSocketEndPoint"/> but not that type:
/// a socket bound to that type unlinks the path when it is disposed, whoever's socket the
/// path names by then. <see cref="UnixSocketFile"/> does the unlinking here, and only of our own.
/// </summary>
internal sealed class UnixSocketEndPoint(string path) : EndPoint
{
    private readonly UnixDomainSocketEndPoint _address = new(path);

    public override AddressFamily AddressFamily => AddressFamily.Unix;

    public override SocketAddress Serialize() => _address.Serialize();

    public override EndPoint Create(SocketAddress socketAddress) => _address.Create(socketAddress);

    public override string ToString() => _address.ToString();
}
