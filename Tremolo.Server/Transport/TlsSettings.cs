using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tremolo.Server.Transport;

/// <summary>
/// The server certificate (PEM files, as Tremolo's ssl={'cert','key'}) ready for SslStream.
/// Like load_cert_chain, the cert file may hold the whole chain (fullchain.pem): the first
/// certificate is the server's, the rest are sent along so clients can reach a trusted root.
/// </summary>
internal sealed class TlsSettings
{
    private TlsSettings(SslServerAuthenticationOptions options) => ServerOptions = options;

    public SslServerAuthenticationOptions ServerOptions { get; }

    public static TlsSettings FromPem(string certPath, string? keyPath, string? password)
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

        return new TlsSettings(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
            ClientCertificateRequired = false,
        });
    }
}
