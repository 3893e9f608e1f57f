using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tremolo.Server.Http;

/// <summary>
/// max_connections_per_ip: how many connections each peer address holds now. An address has an
/// entry only while it holds one (removed at zero), so the table never outgrows the live
/// connections, and each check is one dictionary lookup.
/// </summary>
internal sealed class PeerConnectionCounts(int limit)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _counts = [];

    /// <summary>Addresses holding a connection now (tests check the table empties).</summary>
    public int Addresses
    {
        get
        {
            lock (_lock)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>Counts one more connection of <paramref name="peer"/>, unless it holds the limit already.</summary>
    public bool TryAdd(IPAddress peer)
    {
        lock (_lock)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, peer, out _);
            if (count >= limit)
            {
                return false;
            }

            count++;
            return true;
        }
    }

    public void Remove(IPAddress peer)
    {
        lock (_lock)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, peer);
            if (!Unsafe.IsNullRef(ref count) && --count == 0)
            {
                _counts.Remove(peer);
            }
        }
    }
}
