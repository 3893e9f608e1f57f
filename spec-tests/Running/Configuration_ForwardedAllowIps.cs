using System.Net;
using Tremolo.Config.Model;
using Tremolo.SpecTests.Config;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `forwarded_allow_ips`: X-Forwarded-For/-Proto/-Host set request.ip,
/// scheme and host only when the peer is trusted (default 127.0.0.1 and ::1, `*` all).
/// Attack: a direct client sending `X-Forwarded-For: 1.2.3.4` is not believed.
/// </summary>
public sealed class Configuration_ForwardedAllowIps : IDisposable
{
    private const string Routes = """
        routes:
          - path: /
            content_type: text/plain
            template: "ip={{ request.ip }} scheme={{ request.scheme }} host={{ request.host }}"
        """;

    private const string Forwarded = "GET / HTTP/1.1\r\nHost: real.example\r\nX-Forwarded-For: 1.2.3.4, 5.6.7.8\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n\r\n";

    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LoopbackPeer_IsTrustedByDefault()
    {
        await using var app = await TestApp.StartAsync(Routes);

        Assert.Contains("ip=1.2.3.4 scheme=https host=evil.example", await app.ExchangeAsync(Forwarded));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.0/8, 192.168.1.7")]
    [InlineData("::2")]
    public async Task PeerOutsideTheList_CannotSetIpSchemeOrHost(string allowed)
    {
        await using var app = await TestApp.StartAsync($"server:\n  forwarded_allow_ips: '{allowed}'\n" + Routes);

        Assert.Contains("ip=127.0.0.1 scheme=http host=real.example", await app.ExchangeAsync(Forwarded));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("127.0.0.0/8")]
    [InlineData("10.0.0.1,127.0.0.1")]
    public async Task PeerInTheList_IsBelieved(string allowed)
    {
        await using var app = await TestApp.StartAsync($"server:\n  forwarded_allow_ips: '{allowed}'\n" + Routes);

        Assert.Contains("ip=1.2.3.4 scheme=https host=evil.example", await app.ExchangeAsync(Forwarded));
    }

    [Fact]
    public void DefaultIsLoopbackOnly()
    {
        var peers = new ServerOptions().ForwardedAllowIps;

        Assert.Equal("127.0.0.1,::1", peers.ToString());
        Assert.True(peers.Trusts(IPAddress.Loopback));
        Assert.True(peers.Trusts(IPAddress.IPv6Loopback));
        Assert.True(peers.Trusts(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(peers.Trusts(IPAddress.Parse("127.0.0.2")));
        Assert.False(peers.Trusts(IPAddress.Parse("192.168.0.1")));
        Assert.True(peers.Trusts(null));
    }

    [Fact]
    public void EverySourceSetsIt()
    {
        _folder.Write("tremolo.yaml", "server:\n  forwarded_allow_ips: 10.0.0.0/8\nroutes: []\n");
        Assert.Equal("10.0.0.0/8", _folder.Load().Document!.Server.ForwardedAllowIps.ToString());

        var environment = new Dictionary<string, string?> { ["TREMOLO_FORWARDED_ALLOW_IPS"] = "*" };
        Assert.True(_folder.Load(environment: environment).Document!.Server.ForwardedAllowIps.Everyone);

        var flagged = _folder.Load(flags: ["--forwarded-allow-ips", "192.168.1.1, fd00::/8"], environment: environment).Document!.Server.ForwardedAllowIps;
        Assert.False(flagged.Everyone);
        Assert.Equal("192.168.1.1,fd00::/8", flagged.ToString());
    }

    [Fact]
    public void BadEntry_IsAnErrorWithItsPosition()
    {
        _folder.Write("tremolo.yaml", "server:\n  forwarded_allow_ips: 10.0.0.1,proxy.local\n");

        var error = Assert.Single(_folder.Load().Errors).ToString();
        Assert.StartsWith("tremolo.yaml:2:24: '10.0.0.1,proxy.local' is not a list of addresses", error);
        Assert.Contains("'proxy.local' is neither", error);
    }
}
