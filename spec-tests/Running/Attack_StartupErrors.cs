using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Tremolo.Config.Model;
using Tremolo.Server.Cli;
using Tremolo.Server.Hosting;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// Issue 17, start-up as a careless operator meets it: a port in use, an address the machine
/// does not have, a host that does not resolve, a socket in a missing folder, TLS files that
/// do not load. Each is one line naming the cause and the setting, exit 1, no stack trace;
/// `check` loads the TLS material too and reports it at the ssl setting.
/// </summary>
public sealed class Attack_StartupErrors : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly AppFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Startup_PortInUse_OneLineExit1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var output = await FailedStartAsync("routes: []\n", "--bind", $"127.0.0.1:{port}");

        Assert.Equal($"tremolo: cannot listen on 127.0.0.1:{port}: address already in use\n", output);
    }

    [Fact]
    public async Task Startup_ListenEntryPortInUse_NamesTheEntry()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var output = await FailedStartAsync($"listen:\n  - {{port: {port}}}\nroutes: []\n");

        Assert.Equal($"tremolo: cannot listen on 127.0.0.1:{port} (listen entry at {Yaml}:2:5): address already in use\n", output);
    }

    [Fact]
    public void Startup_PrivilegedPort_SaysWhy()
    {
        // Tests run as root, which may bind port 80: the errno is given here (as a user, `serve --port 80` prints this line).
        var error = StartupException.CannotListen(new BindAddress("127.0.0.1", 80, null), null, new SocketException((int)SocketError.AccessDenied));

        Assert.Equal("cannot listen on 127.0.0.1:80: permission denied (a port below 1024 needs privileges)", error.Message);
    }

    [Fact]
    public async Task Startup_UnassignableHost_OneLineExit1()
    {
        // 192.0.2.0/24 is TEST-NET-1: no machine has it.
        var output = await FailedStartAsync("routes: []\n", "--bind", "192.0.2.1:0");

        Assert.Equal("tremolo: cannot listen on 192.0.2.1:0: address not available (no interface of this machine has it)\n", output);
    }

    [Fact]
    public async Task Startup_UnresolvableHost_OneLineExit1()
    {
        var output = await FailedStartAsync("routes: []\n", "--bind", "no-such-host.invalid:0");

        Assert.Equal("tremolo: cannot listen on no-such-host.invalid:0: cannot resolve host 'no-such-host.invalid'\n", output);
    }

    [Fact]
    public async Task Startup_UnixSocketInMissingFolder_OneLineExit1()
    {
        var path = Path.Combine(_folder.Root, "missing", "t.sock");

        var output = await FailedStartAsync("routes: []\n", "--bind", path);

        Assert.Equal($"tremolo: cannot listen on {path}: folder '{Path.Combine(_folder.Root, "missing")}' does not exist\n", output);
    }

    [Fact]
    public async Task Startup_MismatchedCertificateAndKey_OneLineExit1()
    {
        WriteTls("cert.pem", new TestCertificate().CertificatePem);
        WriteTls("key.pem", new TestCertificate().KeyPem);

        var output = await FailedStartAsync("server:\n  ssl: {cert: cert.pem, key: key.pem}\nroutes: []\n");

        Assert.Equal($"{Yaml}:2:15: cannot load the certificate '{Path.Combine(_folder.Root, "cert.pem")}' with the key '{Path.Combine(_folder.Root, "key.pem")}': The provided key does not match the public key for this certificate.\n", output);
    }

    [Fact]
    public void Check_MalformedCertificate_ReportedAtTheSslSetting()
    {
        WriteTls("cert.pem", "not a certificate\n");
        WriteTls("key.pem", new TestCertificate().KeyPem);
        _folder.Write("tremolo.yaml", "server:\n  ssl:\n    cert: cert.pem\n    key: key.pem\nroutes: []\n");

        var (code, stdout, stderr) = Check();

        Assert.Equal((1, ""), (code, stdout));
        Assert.Matches($@"^{Regex(Yaml)}:3:11: cannot load the certificate '.*cert\.pem' with the key '.*key\.pem': The certificate contents do not contain a PEM with a CERTIFICATE label, or the content is malformed\.\n$", stderr);
    }

    [Fact]
    public void Check_WrongKeyPassword_SaysSo()
    {
        var certificate = new TestCertificate();
        using var key = ECDsa.Create();
        key.ImportFromPem(certificate.KeyPem);
        WriteTls("cert.pem", certificate.CertificatePem);
        WriteTls("key.pem", key.ExportEncryptedPkcs8PrivateKeyPem("right", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        _folder.Write("tremolo.yaml", "server:\n  ssl: {cert: cert.pem, key: key.pem, password: wrong}\nroutes: []\n");
        var (code, _, stderr) = Check();
        Assert.Equal(1, code);
        Assert.Matches($@"^{Regex(Yaml)}:2:15: cannot load the certificate .*: the key does not decrypt with the given ssl password\n$", stderr);

        _folder.Write("tremolo.yaml", "server:\n  ssl: {cert: cert.pem, key: key.pem, password: right}\nroutes: []\n");
        Assert.Equal((0, "ok\n", ""), Check());
    }

    [Fact]
    public void Check_TlsFromTheCommandLine_NamesTheFlag()
    {
        WriteTls("cert.pem", new TestCertificate().CertificatePem);
        WriteTls("key.pem", new TestCertificate().KeyPem);
        _folder.Write("tremolo.yaml", "routes: []\n");

        var (code, _, stderr) = Check("--ssl-cert", Path.Combine(_folder.Root, "cert.pem"), "--ssl-key", Path.Combine(_folder.Root, "key.pem"));

        Assert.Equal(1, code);
        Assert.StartsWith("--ssl-cert: cannot load the certificate ", stderr);
    }

    private string Yaml => _folder.YamlPath;

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private void WriteTls(string name, string pem) => _folder.Write(name, pem);

    /// <summary>`tremolo serve` that must fail to start: exit 1, and what it printed.</summary>
    private async Task<string> FailedStartAsync(string yaml, params string[] flags)
    {
        _folder.Write("tremolo.yaml", yaml);
        using var serve = new ServeProcess(Yaml, flags);
        var code = await serve.ExitCodeAsync(Patience);
        // The output is read asynchronously: give the last line a moment after the exit.
        await Task.Delay(200);
        Assert.True(code == 1, $"exit {code?.ToString() ?? "(still running)"}; output:\n{serve.Output}");
        return serve.Output;
    }

    private (int Code, string Stdout, string Stderr) Check(params string[] flags)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CommandLine.Run(["check", Yaml, .. flags], stdout, stderr, new Dictionary<string, string?>());
        return (code, stdout.ToString(), stderr.ToString());
    }
}
