using Tremolo.Config.Model;

namespace Tremolo.Config.Loading;

/// <summary>
/// Every address the server will listen on is listed once: the same address twice (`port`
/// and a `listen:` entry, or twice in `bind`) would be bound twice with different options.
/// </summary>
internal static class ListenerAddresses
{
    /// <param name="bindAt">Where `bind` was set, when it was.</param>
    /// <param name="portAt">Where host/port were set, when they were.</param>
    public static void CheckDistinct(ServerOptions server, SourceLocation? bindAt, SourceLocation? portAt, IReadOnlyList<ListenModel> listen, Diagnostics diagnostics)
    {
        var primary = server.Bind.Count > 0
            ? server.Bind.Select(address => (Address: address with { Host = address.Host ?? server.Host }, At: bindAt))
            : [(new BindAddress(server.Host, server.Port, null), portAt)];
        var seen = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
        foreach (var (address, at) in primary.Concat(listen.Select(l => (l.Address, (SourceLocation?)l.Location))))
        {
            // Port 0 asks the kernel for a fresh port each time: never the same address.
            if (address.UnixPath is null && address.Port == 0)
            {
                continue;
            }

            var key = address.UnixPath ?? $"{address.Host?.Trim('[', ']').ToLowerInvariant()}:{address.Port}";
            if (seen.TryGetValue(key, out var first))
            {
                var firstAt = first is { } location ? location.ToString() : "the default host and port";
                diagnostics.Add(at ?? SourceLocation.Of("listener addresses"), $"the listener address {address} is given twice (also by {firstAt}); each address is bound once");
                continue;
            }

            seen[key] = at;
        }
    }
}
