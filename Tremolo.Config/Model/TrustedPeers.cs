using System.Net;

namespace Tremolo.Config.Model;

/// <summary>
/// forwarded_allow_ips (uvicorn's and gunicorn's name): the peers whose X-Forwarded-For,
/// -Proto and -Host are believed. Addresses and networks (CIDR), or `*` for every peer.
/// A unix socket peer has no address and is trusted, as in gunicorn: only local processes
/// allowed by the socket file's permissions can connect.
/// </summary>
public sealed class TrustedPeers
{
    private readonly IPNetwork[] _networks;

    public TrustedPeers(IEnumerable<IPNetwork> networks, bool everyone)
    {
        _networks = networks.ToArray();
        Everyone = everyone;
    }

    /// <summary>The default: the loopback addresses (a proxy on the same machine).</summary>
    public static TrustedPeers Loopback { get; } = new([new IPNetwork(IPAddress.Loopback, 32), new IPNetwork(IPAddress.IPv6Loopback, 128)], false);

    public bool Everyone { get; }

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>True when X-Forwarded-* from <paramref name="peer"/> are to be believed (null: a unix socket).</summary>
    public bool Trusts(IPAddress? peer)
    {
        if (Everyone || peer is null)
        {
            return true;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Everyone ? "*" : string.Join(',', _networks.Select(n => n.PrefixLength == (n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) ? n.BaseAddress.ToString() : n.ToString()));
}
