using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tremolo.Server.Transport;

/// <summary>
/// The server certificate (PEM files, as Tremolo's ssl={'cert','key'}) ready for SslStream.
/// Like load_cert_chain, the cert file may hold the whole chain (fullchain.pem): the first
/// certificate is the server's, the rest are sent along so clients can reach a trusted root.
/// <see cref="Reload"/> reads the files again: handshakes after it get the new certificate,
/// connections already open keep theirs.
/// </summary>
internal sealed class TlsSettings
{
    private SslServerAuthenticationOptions _serverOptions;

    private TlsSettings(string certPath, string? keyPath, string? password)
    {
        CertPath = certPath;
        KeyPath = keyPath;
        Password = password;
        _serverOptions = Load(certPath, keyPath, password);
    }

    public string CertPath { get; }

    public string? KeyPath { get; }

    private string? Password { get; }

    /// <summary>What the next handshake uses.</summary>
    public SslServerAuthenticationOptions ServerOptions => Volatile.Read(ref _serverOptions);

    public static TlsSettings FromPem(string certPath, string? keyPath, string? password) => new(certPath, keyPath, password);

    /// <summary>Loads the files again; throws (keeping the certificate in use) when they do not make a pair.</summary>
    public void Reload() => Volatile.Write(ref _serverOptions, Load(CertPath, KeyPath, Password));

    private static SslServerAuthenticationOptions Load(string certPath, string? keyPath, string? password)
    {
        using var pem = password is null
            ? X509Certificate2.CreateFromPemFile(certPath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath);

        // SslStream on Linux needs the key in a persisted form, not the ephemeral PEM import.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certPath);
        var intermediates = new X509Certificate2Collection();
        foreach (var member in chain)
        {
            if (member.Thumbprint != certificate.Thumbprint)
            {
                intermediates.Add(member);
            }
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
            ClientCertificateRequired = false,
        };
    }
}
