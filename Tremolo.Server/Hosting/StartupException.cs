using System.Net.Sockets;
using Tremolo.Config.Model;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Hosting;

/// <summary>
/// The server could not start with what the config says (an address, a TLS file): the
/// message is the one line `tremolo serve` prints before it exits 1, naming the cause and
/// the setting.
/// </summary>
public sealed class StartupException(string message, Exception inner) : Exception(message, inner)
{
    /// <param name="setting">Where the address comes from, for a `listen:` entry; null for host/port and --bind.</param>
    public static StartupException CannotListen(BindAddress address, SourceLocation? setting, Exception e)
    {
        var where = address.UnixPath ?? (address.Host?.Contains(':') == true ? $"[{address.Host}]:{address.Port}" : $"{address.Host}:{address.Port}");
        var entry = setting is { } location ? $" (listen entry at {location})" : "";
        return new($"cannot listen on {where}{entry}: {Reason(address, e)}", e);
    }

    public static StartupException CannotLoadTls(SslOptions ssl, Exception e) => new(TlsProblem(ssl, e), e);

    /// <summary>What `check` and `serve` say when the ssl files do not load.</summary>
    public static string TlsProblem(SslOptions ssl, Exception e)
    {
        var what = ssl.Key is { } key ? $"the certificate '{ssl.Cert}' with the key '{key}'" : $"the certificate and key in '{ssl.Cert}'";
        return $"cannot load {what}: {TlsLoadError.Describe(ssl.Key, ssl.Password, e)}";
    }

    private static string Reason(BindAddress address, Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => "address already in use",
        SocketException { SocketErrorCode: SocketError.AccessDenied } when address.UnixPath is null && address.Port < 1024 =>
            "permission denied (a port below 1024 needs privileges)",
        SocketException { SocketErrorCode: SocketError.AccessDenied } => "permission denied",
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => "address not available (no interface of this machine has it)",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
            $"cannot resolve host '{address.Host}'",
        _ => e.Message.Length > 0 ? char.ToLowerInvariant(e.Message[0]) + e.Message[1..] : e.GetType().Name,
    };
}
