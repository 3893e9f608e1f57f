using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tremolo.Server.Transport;

/// <summary>The server certificate (PEM files, as Tremolo's ssl={'cert','key'}) ready for SslStream.</summary>
internal sealed class TlsSettings
{
    private TlsSettings(SslServerAuthenticationOptions options) => ServerOptions = options;

    public SslServerAuthenticationOptions ServerOptions { get; }

    public static TlsSettings FromPem(string certPath, string? keyPath, string? password)
    {
        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(certPath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath);

        // SslStream on Linux needs the key in a persisted form, not the ephemeral PEM import.
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        return new TlsSettings(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
        });
    }
}
