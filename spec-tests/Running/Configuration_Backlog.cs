using System.Diagnostics;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `backlog`: the listen(2) queue of each listener, as the kernel reports it
/// (`ss -ltn` shows a listening socket's backlog as Send-Q).
/// </summary>
public sealed class Configuration_Backlog
{
    [Fact]
    public async Task EachListenerListensWithItsBacklog()
    {
        await using var app = await TestApp.StartAsync("server: {backlog: 7}\nlisten:\n  - {port: 0, backlog: 3}\nroutes:\n  - {path: /, body: hi}\n");

        Assert.Equal(7, await BacklogOfAsync(app.PortOf(0)));
        Assert.Equal(3, await BacklogOfAsync(app.PortOf(1)));
    }

    private static async Task<int> BacklogOfAsync(int port)
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-ltnH", $"sport = :{port}"]) { RedirectStandardOutput = true })!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        // LISTEN Recv-Q Send-Q Local:Port Peer:Port
        var match = Regex.Match(output, @"^LISTEN\s+\d+\s+(\d+)\s+\S+:" + port + @"\s", RegexOptions.Multiline);
        Assert.True(match.Success, output);
        return int.Parse(match.Groups[1].Value);
    }
}
