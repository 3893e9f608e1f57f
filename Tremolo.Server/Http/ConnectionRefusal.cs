namespace Tremolo.Server.Http;

/// <summary>Why a listener turned an accepted socket away (max_connections, max_connections_per_ip).</summary>
internal enum ConnectionRefusal
{
    None,
    MaxConnections,
    MaxConnectionsPerIp,
}
