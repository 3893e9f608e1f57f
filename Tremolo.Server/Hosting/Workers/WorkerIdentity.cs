using System.Globalization;
using Tremolo.Config.Model;

namespace Tremolo.Server.Hosting.Workers;

/// <summary>
/// Which worker this process is, when worker_num's supervisor started it: its number and the
/// ports the supervisor holds for each listener (in <see cref="TremoloHost.Addresses"/> order,
/// 0 for a unix socket), passed in the environment. Null in a process that serves on its own.
/// </summary>
internal sealed record WorkerIdentity(int Number, IReadOnlyList<int> Ports)
{
    public const string NumberVariable = "TREMOLO_SUPERVISED_WORKER";
    public const string PortsVariable = "TREMOLO_SUPERVISED_PORTS";

    /// <summary>This process's, read once from its environment.</summary>
    public static WorkerIdentity? Current { get; } = From(Environment.GetEnvironmentVariable(NumberVariable), Environment.GetEnvironmentVariable(PortsVariable));

    public static WorkerIdentity? From(string? number, string? ports) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new WorkerIdentity(n, [.. (ports ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))])
            : null;

    public void AddTo(IDictionary<string, string?> environment)
    {
        environment[NumberVariable] = Number.ToString(CultureInfo.InvariantCulture);
        environment[PortsVariable] = string.Join(',', Ports);
    }

    /// <summary>
    /// The document with the supervisor's ports in place of the configured ones (port 0 was
    /// resolved once, so every worker binds the same port). Applied to every reload too, so a
    /// reload does not see the resolved port as a changed listener.
    /// </summary>
    public AppDocument Apply(AppDocument document)
    {
        var next = 0;
        var server = document.Server;
        server = server.Bind.Count > 0
            ? server with { Bind = [.. server.Bind.Select(b => b with { Port = PortFor(b, ref next) })] }
            : server with { Port = PortFor(new BindAddress(server.Host, server.Port, null), ref next) };
        var listen = new List<ListenModel>();
        foreach (var entry in document.Listen)
        {
            var port = PortFor(entry.Address, ref next);
            listen.Add(entry.Address.UnixPath is null ? entry with { Address = entry.Address with { Port = port }, Options = entry.Options with { Port = port } } : entry);
        }

        return document with { Server = server, Listen = listen };
    }

    /// <summary>The held port of the next listener; a unix socket, or a listener added by a reload, keeps its own.</summary>
    private int PortFor(BindAddress address, ref int next)
    {
        var index = next++;
        return address.UnixPath is null && index < Ports.Count ? Ports[index] : address.Port;
    }
}
