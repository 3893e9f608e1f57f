using Tremolo.Config.Model;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// docs configuration.md and SPEC section 7: defaults &lt; YAML server: &lt; TREMOLO_* &lt; CLI flags,
/// each bad value named by its source.
/// </summary>
public sealed class Configuration_OptionLayering : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public Configuration_OptionLayering() =>
        _folder.Write("tremolo.yaml", "server:\n  client_max_body_size: 2000\n  port: 8001\nroutes:\n  - {path: /, body: x}\n");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void DefaultsAreTremolos()
    {
        _folder.Write("bare.yaml", "routes: []\n");
        var options = _folder.Load("bare.yaml").Document!.Server;
        Assert.Equal(new ServerOptions(), options);
        Assert.Equal(
            ("127.0.0.1", 8000, 0, 5, 0L, 100, true, 2097152L, "INFO", 1048576L, 1048576L, 16384, 2097152L, 8192, 128, 30.0, 30.0, 512, 120.0, 30.0, 30.0, "Tremolo"),
            (options.Host, options.Port, options.WorkerNum, options.ThreadPoolSize, options.LimitMemory, options.Backlog, options.Ws,
             options.WsMaxPayloadSize, options.LogLevel, options.DownloadRate, options.UploadRate, options.BufferSize, options.ClientMaxBodySize,
             options.ClientMaxHeaderSize, options.MaxQueueSize, options.RequestTimeout, options.KeepaliveTimeout, options.KeepaliveConnections,
             options.AppHandlerTimeout, options.AppCloseTimeout, options.ShutdownTimeout, options.ServerName));
    }

    [Fact]
    public void EachLevelOverridesTheOneBelow()
    {
        var environment = new Dictionary<string, string?> { ["TREMOLO_CLIENT_MAX_BODY_SIZE"] = "3000" };
        Assert.Equal(4000, _folder.Load(flags: ["--client-max-body-size", "4000"], environment: environment).Document!.Server.ClientMaxBodySize);
        Assert.Equal(3000, _folder.Load(environment: environment).Document!.Server.ClientMaxBodySize);
        Assert.Equal(2000, _folder.Load().Document!.Server.ClientMaxBodySize);
        _folder.Write("tremolo.yaml", "routes: []\n");
        Assert.Equal(2 * 1048576, _folder.Load().Document!.Server.ClientMaxBodySize);
    }

    [Fact]
    public void FlagsAcceptEqualsAndSwitches()
    {
        var options = _folder.Load(flags: ["--port=9000", "--debug", "--no-ws", "--server-name", "X"]).Document!.Server;
        Assert.Equal((9000, true, false, "X", "DEBUG"), (options.Port, options.Debug, options.Ws, options.ServerName, options.LogLevel));
    }

    [Fact]
    public void BindIsParsedAsTremoloDoes()
    {
        var bind = _folder.Load(flags: ["--bind", "127.0.0.1:8000,:8001,[::1]:8002,app.sock"]).Document!.Server.Bind;
        Assert.Equal(
            [new BindAddress("127.0.0.1", 8000, null), new BindAddress(null, 8001, null), new BindAddress("::1", 8002, null), new BindAddress(null, 0, Path.Combine(_folder.Root, "app.sock"))],
            bind);
    }

    [Fact]
    public void YamlBindMayBeAList()
    {
        _folder.Write("tremolo.yaml", "server:\n  bind: ['127.0.0.1:8000', run/t.sock]\n");
        Assert.Equal(
            [new BindAddress("127.0.0.1", 8000, null), new BindAddress(null, 0, Path.Combine(_folder.Root, "run", "t.sock"))],
            _folder.Load().Document!.Server.Bind);
    }

    [Fact]
    public void BadValuesNameTheirSource()
    {
        var environment = new Dictionary<string, string?> { ["TREMOLO_PORT"] = "high", ["TREMOLO_PATH"] = "/not/an/option" };
        _folder.Write("tremolo.yaml", "server:\n  port: abc\n");
        Assert.Equal(
            ["tremolo.yaml:2:9: 'abc' is not a port", "TREMOLO_PORT: 'high' is not a port", "--port: '70000' is not a port"],
            _folder.Load(flags: ["--port", "70000"], environment: environment).Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ListenersInheritTheLayeredOptionsAndOverrideTheirOwn()
    {
        _folder.Write("tremolo.yaml", "server:\n  request_timeout: 5\n  keepalive_timeout: 6\nlisten:\n  - {port: 8002, keepalive_timeout: 2}\n  - {unix: t.sock}\nroutes: []\n");
        var document = _folder.Load(flags: ["--request-timeout", "7", "--host", "0.0.0.0"]).Document!;
        var (tcp, unix) = (document.Listen[0], document.Listen[1]);
        Assert.Equal(new BindAddress("0.0.0.0", 8002, null), tcp.Address);
        Assert.Equal((7.0, 2.0), (tcp.Options.RequestTimeout, tcp.Options.KeepaliveTimeout));
        Assert.Equal(new BindAddress(null, 0, Path.Combine(_folder.Root, "t.sock")), unix.Address);
        Assert.Equal((7.0, 6.0), (unix.Options.RequestTimeout, unix.Options.KeepaliveTimeout));
    }

    [Fact]
    public void SslPathsAreRelativeToTheYamlAndMustExist()
    {
        _folder.Write("certs/cert.pem", "c");
        _folder.Write("tremolo.yaml", "server:\n  ssl: {cert: certs/cert.pem, key: certs/key.pem}\n");
        Assert.Equal(["tremolo.yaml:2:36: file 'certs/key.pem' does not exist"], _folder.Load().Errors.Select(e => e.ToString()));
        _folder.Write("certs/key.pem", "k");
        Assert.Equal(
            new SslOptions(Path.Combine(_folder.Root, "certs", "cert.pem"), Path.Combine(_folder.Root, "certs", "key.pem"), null),
            _folder.Load().Document!.Server.Ssl);
    }
}
