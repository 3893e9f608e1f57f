using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tremolo.SpecTests.Running;

/// <summary>A fresh self-signed certificate for localhost, as the PEM texts `ssl: {cert, key}` reads.</summary>
public sealed class TestCertificate
{
    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePem = certificate.ExportCertificatePem();
        KeyPem = key.ExportPkcs8PrivateKeyPem();
        Thumbprint = certificate.Thumbprint;
    }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string Thumbprint { get; }
}
