using System.Diagnostics;
using Tremolo.Config.Loading;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// Issue 17, careless or hostile config files: nesting, alias bombs, devices, FIFOs, huge and
/// foreign files end in one FILE:LINE:COL error, never a crash, a hang or unbounded memory.
/// </summary>
public sealed class Attack_ConfigInput : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Attack_DeepFlowSequence()
    {
        // 100,000 levels overflowed the stack of YamlDotNet's representation model (rc 134).
        var errors = _folder.Errors("routes: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        Assert.Equal([$"tremolo.yaml:1:{9 + ConfigLimits.MaxDepth - 1}: nested more than {ConfigLimits.MaxDepth} levels deep (aliases counted as what they name)"], errors);
    }

    [Fact]
    public void Attack_DeepBlockMapping()
    {
        var yaml = string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "k:\n"));

        Assert.Equal([$"tremolo.yaml:{ConfigLimits.MaxDepth}:{ConfigLimits.MaxDepth}: nested more than {ConfigLimits.MaxDepth} levels deep (aliases counted as what they name)"], _folder.Errors(yaml));
    }

    [Fact]
    public void NestingJustInsideTheLimitLoads()
    {
        // A route's headers at depth 4; a list nested to the limit in a value that takes any list is still read.
        var deep = new string('[', ConfigLimits.MaxDepth - 3) + new string(']', ConfigLimits.MaxDepth - 3);
        var errors = _folder.Errors($"routes:\n  - path: /\n    body: {deep}\n");

        Assert.Equal(["tremolo.yaml:3:11: 'body' must be a single value, not a list"], errors);
    }

    [Fact]
    public void Attack_BillionLaughs_MountAliases()
    {
        // Each level mounts the previous app twice: 2^30 apps from a 2.4 KB file (took `check` past 3 GB).
        var lines = new List<string> { "mount:", "  - &m0 {prefix: /a0, app: {routes: [{path: /, body: hi}]}}" };
        for (var i = 1; i < 30; i++)
            lines.Add($"  - &m{i} {{prefix: /a{i}, app: {{mount: [*m{i - 1}, {{prefix: /b, app: {{mount: [*m{i - 1}]}}}}]}}}}");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var errors = _folder.Errors(string.Join("\n", lines) + "\n");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(errors);
        Assert.Matches($@"^tremolo\.yaml:\d+:\d+: more than {ConfigLimits.MaxNodes} YAML nodes in this config \(aliases counted as what they name\)$", error);
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public void Attack_BillionLaughs_ScalarAliases()
    {
        // The classic: ten lists of ten aliases of the one before, a short string at the bottom.
        var lines = new List<string> { "routes:", "  - {path: /, body: x}", "x0: &l0 \"" + new string('l', 1000) + "\"" };
        for (var i = 1; i < 10; i++)
            lines.Add($"x{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]");

        var errors = _folder.Errors(string.Join("\n", lines) + "\n");

        Assert.Contains(errors, e => e.Contains("aliases counted as what they name"));
    }

    [Fact]
    public void Attack_AliasCycle()
    {
        // An alias inside the node it names makes a cyclic tree: reading it would never end.
        Assert.Equal(
            ["tremolo.yaml:1:38: alias *m is inside the node it names (a cycle)"],
            _folder.Errors("mount: &m [{prefix: /a, app: {mount: *m}}]\n"));
    }

    [Fact]
    public void Attack_IncludeDevZero()
    {
        Assert.Equal(
            ["tremolo.yaml:2:27: '/dev/zero' is not a regular file (a folder, device, FIFO or socket)"],
            _folder.Errors("mount:\n  - {prefix: /z, include: /dev/zero}\n"));
    }

    [Fact]
    public void Attack_TemplateFileDevUrandom()
    {
        Assert.Equal(
            ["tremolo.yaml:2:30: template_file '/dev/urandom' is not a regular file (a folder, device, FIFO or socket)"],
            _folder.Errors("routes:\n  - {path: /, template_file: /dev/urandom}\n"));
    }

    [Fact]
    public void Attack_Fifo_IncludeTemplateFileAndFile()
    {
        // Opening a FIFO for reading waits for a writer: none comes, so each would hang.
        MakeFifo(Path.Combine(_folder.Root, "pipe"));
        var errors = _folder.Errors(
            "mount:\n  - {prefix: /p, include: pipe}\nroutes:\n  - {path: /t, template_file: pipe}\n  - {path: /f, file: pipe}\n");

        Assert.Equal(
            [
                "tremolo.yaml:2:27: 'pipe' is not a regular file (a folder, device, FIFO or socket)",
                "tremolo.yaml:4:31: template_file 'pipe' is not a regular file (a folder, device, FIFO or socket)",
                "tremolo.yaml:5:22: file 'pipe' is not a regular file (a folder, device, FIFO or socket)",
            ],
            errors);
    }

    [Fact]
    public void Attack_SslCertIsADevice()
    {
        Assert.Equal(
            ["tremolo.yaml:2:15: file '/dev/zero' is not a regular file (a folder, device, FIFO or socket)"],
            _folder.Errors("server:\n  ssl: {cert: /dev/zero}\nroutes: []\n"));
    }

    [Fact]
    public void Attack_IncludeShadow_ContentIsNotQuoted()
    {
        // Lines of /etc/shadow parse as YAML keys; the error must not echo them.
        _folder.Write("shadow", "root:$6$secrethash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        var errors = _folder.Errors("mount:\n  - {prefix: /s, include: shadow}\n");

        Assert.Equal(["shadow:1:1: 'shadow' is not a Tremolo config: none of its keys is one of middleware, errors, routes, mount, server, listen"], errors);
        Assert.DoesNotContain(errors, e => e.Contains("secrethash") || e.Contains("daemon"));
    }

    [Fact]
    public void Attack_OversizedInclude()
    {
        _folder.Write("big.yaml", "routes: []\n#" + new string('x', (int)ConfigLimits.MaxFileBytes) + "\n");

        Assert.Equal(
            ["tremolo.yaml:2:27: 'big.yaml' is larger than 4 MiB"],
            _folder.Errors("mount:\n  - {prefix: /b, include: big.yaml}\n"));
    }

    [Fact]
    public void Attack_IncludeFanOut_TotalBytesBounded()
    {
        // One 3 MB file included 20 times: each read is within the file limit, together they are not.
        _folder.Write("part.yaml", "routes: []\n#" + new string('x', 3 * 1024 * 1024) + "\n");
        var mounts = string.Concat(Enumerable.Range(0, 20).Select(i => $"  - {{prefix: /p{i}, include: part.yaml}}\n"));

        var errors = _folder.Errors("mount:\n" + mounts);

        Assert.Contains(errors, e => e.EndsWith("'part.yaml' the files of this config together are larger than 32 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attack_DeepFlowSequence_SavedUnderReload_ServerKeepsServing()
    {
        await using var app = await TestApp.StartAsync("server:\n  reload: true\nroutes:\n  - {path: /, body: one}\n");

        app.Write("tremolo.yaml", "routes: " + new string('[', 30_000) + new string(']', 30_000) + "\n");
        await app.WaitForLogAsync(log => log.Contains("levels deep"), TimeSpan.FromSeconds(60));

        Assert.Contains($"tremolo: ERROR: {app.YamlPath}:1:", app.Log);
        Assert.Equal("one", TestApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public void Attack_DuplicateListenerAddresses()
    {
        var errors = _folder.Errors("server:\n  port: 8000\nlisten:\n  - {port: 8000}\n  - {unix: a.sock}\n  - {unix: ./a.sock}\n  - {port: 8001}\nroutes: []\n");

        Assert.Equal(
            [
                "tremolo.yaml:4:5: the listener address 127.0.0.1:8000 is given twice (also by tremolo.yaml:2:9); each address is bound once",
                $"tremolo.yaml:6:5: the listener address {Path.Combine(_folder.Root, "a.sock")} is given twice (also by tremolo.yaml:5:5); each address is bound once",
            ],
            errors);
    }

    [Fact]
    public void Attack_DuplicateListenerAddresses_TwiceInBind()
    {
        _folder.Write("tremolo.yaml", "routes: []\n");

        var errors = _folder.Load(flags: ["--bind", ":9000,127.0.0.1:9000,127.0.0.1:9001"]).Errors.Select(e => e.ToString());

        Assert.Equal(["--bind: the listener address 127.0.0.1:9000 is given twice (also by --bind); each address is bound once"], errors);
    }

    [Fact]
    public void PortZeroTwiceIsNotADuplicate()
    {
        Assert.Empty(_folder.Errors("server:\n  port: 0\nlisten:\n  - {port: 0}\nroutes: []\n"));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
