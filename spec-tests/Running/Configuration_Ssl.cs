using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `ssl` ({cert, key} in YAML, --ssl-cert/--ssl-key): the listener speaks
/// TLS with that certificate, templates see request.scheme "https", and the default chat
/// page connects with wss://. deployment.md "TLS": renewed files are served without a restart.
/// </summary>
public sealed class Configuration_Ssl
{
    private readonly TestCertificate _certificate = new();

    [Fact]
    public async Task YamlSslServesHttpsWithTheCertificate()
    {
        const string yaml = "server:\n  ssl: {cert: cert.pem, key: key.pem}\nroutes:\n  - {path: /, template: \"{{ request.scheme }}://{{ request.host }}\"}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string>
        {
            ["cert.pem"] = _certificate.CertificatePem,
            ["key.pem"] = _certificate.KeyPem,
        });

        var response = await HttpsGetAsync(app.Port, "/");

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        Assert.Equal("https://localhost", TestApp.BodyOf(response));
        Assert.Contains($"] Tremolo is listening on https://127.0.0.1:{app.Port}/\n", app.Log);
    }

    [Fact]
    public async Task FlagsServeTheDefaultChatPageWithWss()
    {
        // Flags name files anywhere: these are in a folder apart from the app's.
        using var certificates = new AppFolder();
        var cert = certificates.Write("cert.pem", _certificate.CertificatePem);
        var key = certificates.Write("key.pem", _certificate.KeyPem);
        var defaultApp = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tremolo.yaml"));
        await using var app = await TestApp.StartAsync(defaultApp, flags: ["--ssl-cert", cert, "--ssl-key", key]);

        var page = await HttpsGetAsync(app.Port, "/");

        Assert.Contains("new WebSocket('wss://localhost/')", page);
        var plain = await app.GetAsync("/");
        Assert.DoesNotContain("WebSocket Chat", plain);
    }

    [Fact]
    public async Task AFullchainSendsTheIntermediateAlong()
    {
        var chained = new TestCertificate(chained: true);
        const string yaml = "server:\n  ssl: {cert: fullchain.pem, key: privkey.pem}\nroutes:\n  - {path: /, body: hi}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string>
        {
            ["fullchain.pem"] = chained.CertificatePem,
            ["privkey.pem"] = chained.KeyPem,
        });
        string[] sent = [];

        var response = await HttpsGetAsync(app.Port, "/", (certificate, chain) =>
        {
            sent = [.. chain!.ChainPolicy.ExtraStore.Select(c => c.Thumbprint)];
            return certificate is not null && new X509Certificate2(certificate).Thumbprint == chained.Thumbprint;
        });

        Assert.Equal("hi", TestApp.BodyOf(response));
        Assert.Equal([chained.Thumbprint, chained.IssuerThumbprint!], sent);
    }

    [Fact]
    public async Task ARenewedCertificateIsServedWithoutARestart()
    {
        const string yaml = "server:\n  ssl: {cert: cert.pem, key: key.pem}\nroutes:\n  - {path: /, body: hi}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string>
        {
            ["cert.pem"] = _certificate.CertificatePem,
            ["key.pem"] = _certificate.KeyPem,
        });
        Assert.Equal(_certificate.Thumbprint, await ServedThumbprintAsync(app.Port));

        var renewed = new TestCertificate();
        app.Write("key.pem", renewed.KeyPem);
        app.Write("cert.pem", renewed.CertificatePem);

        await app.WaitForLogAsync(log => log.Contains("ssl: certificate reloaded from "));
        Assert.Equal(renewed.Thumbprint, await ServedThumbprintAsync(app.Port));
        Assert.Equal("hi", TestApp.BodyOf(await HttpsGetAsync(app.Port, "/", (certificate, _) => certificate is not null)));
    }

    [Fact]
    public async Task ACertificateThatDoesNotLoadKeepsThePreviousOne()
    {
        const string yaml = "server:\n  ssl: {cert: cert.pem, key: key.pem}\nroutes:\n  - {path: /, body: hi}\n";
        await using var app = await TestApp.StartAsync(yaml, new Dictionary<string, string>
        {
            ["cert.pem"] = _certificate.CertificatePem,
            ["key.pem"] = _certificate.KeyPem,
        });

        app.Write("cert.pem", "-----BEGIN CERTIFICATE-----\ncut short");

        await app.WaitForLogAsync(log => log.Contains("could not be loaded"));
        Assert.Contains("; still using the previous certificate\n", app.Log);
        Assert.Equal(_certificate.Thumbprint, await ServedThumbprintAsync(app.Port));
    }

    [Fact]
    public async Task PlainHttpServesWs()
    {
        var defaultApp = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tremolo.yaml"));
        await using var app = await TestApp.StartAsync(defaultApp);

        Assert.Contains("new WebSocket('ws://localhost/')", await app.GetAsync("/"));
        Assert.Contains($"] Tremolo is listening on http://127.0.0.1:{app.Port}/\n", app.Log);
    }

    /// <summary>The thumbprint of the certificate a new handshake gets.</summary>
    private static async Task<string> ServedThumbprintAsync(int port)
    {
        var thumbprint = "";
        await HttpsGetAsync(port, "/", (certificate, _) =>
        {
            thumbprint = new X509Certificate2(certificate!).Thumbprint;
            return true;
        });
        return thumbprint;
    }

    /// <summary>An HTTP/1.0 GET over TLS, accepting only the test's certificate.</summary>
    private Task<string> HttpsGetAsync(int port, string path) => HttpsGetAsync(port, path, (certificate, _) =>
        certificate is not null && new X509Certificate2(certificate).Thumbprint == _certificate.Thumbprint);

    /// <summary>As above; <paramref name="accept"/> sees the certificate and the chain as sent.</summary>
    private static async Task<string> HttpsGetAsync(int port, string path, Func<X509Certificate?, X509Chain?, bool> accept)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), false, (_, certificate, chain, _) => accept(certificate, chain));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        await tls.WriteAsync(Encoding.Latin1.GetBytes($"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"), timeout.Token);
        var received = new MemoryStream();
        await tls.CopyToAsync(received, timeout.Token);
        return Encoding.Latin1.GetString(received.ToArray());
    }
}
