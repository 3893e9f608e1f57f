using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// A fresh certificate for localhost, as the PEM texts `ssl: {cert, key}` reads: self-signed,
/// or issued by a test intermediate (then the cert text is a fullchain: leaf, intermediate).
/// </summary>
public sealed class TestCertificate
{
    public TestCertificate(bool chained = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        var to = DateTimeOffset.UtcNow.AddDays(1);
        if (!chained)
        {
            using var certificate = request.CreateSelfSigned(from, to);
            CertificatePem = certificate.ExportCertificatePem();
            Thumbprint = certificate.Thumbprint;
        }
        else
        {
            // root (not sent) → intermediate → leaf; the fullchain holds leaf and intermediate.
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var root = Authority("CN=Tremolo Test Root", rootKey).CreateSelfSigned(from.AddDays(-1), to.AddDays(1));
            using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var issuerPublic = Authority("CN=Tremolo Test Intermediate", issuerKey).Create(root, from, to, [5, 6, 7, 8]);
            using var issuer = issuerPublic.CopyWithPrivateKey(issuerKey);
            using var certificate = request.Create(issuer, from, to, [1, 2, 3, 4]);
            CertificatePem = certificate.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n";
            Thumbprint = certificate.Thumbprint;
            IssuerThumbprint = issuer.Thumbprint;
        }

        KeyPem = key.ExportPkcs8PrivateKeyPem();
    }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string Thumbprint { get; }

    /// <summary>The intermediate's thumbprint when chained.</summary>
    public string? IssuerThumbprint { get; }

    private static CertificateRequest Authority(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }
}
