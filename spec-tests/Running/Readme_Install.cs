using System.Diagnostics;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// README "Install": the two ways of getting a `tremolo` without `dotnet run`, done as a user
/// does them on a copy of the sources (a fresh clone: no bin/obj), then `--version`, `check` and
/// `serve` run from where they were installed. Slow (a Release build each), so one test per way.
/// </summary>
public sealed class Readme_Install : IDisposable
{
    private static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    private readonly string _work = Directory.CreateTempSubdirectory("tremolo-install-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task DotnetToolInstallGivesTremolo()
    {
        var sources = CopySources();
        await RunAsync(Dotnet, ["pack", "Tremolo.Server", "-c", "Release", "-o", Path.Combine(_work, "packages")], sources);
        // A private package folder: the user cache may hold an older build of the same version.
        await RunAsync(Dotnet, ["tool", "install", "--tool-path", Path.Combine(_work, "tools"), "--add-source", Path.Combine(_work, "packages"), "Tremolo.Server"], _work,
            ("NUGET_PACKAGES", Path.Combine(_work, "nuget")));

        await CheckAndServeAsync(Path.Combine(_work, "tools", "tremolo"));
    }

    [Fact]
    public async Task SelfContainedSingleFileRunsWithoutDotnet()
    {
        var sources = CopySources();
        var output = Path.Combine(_work, "single");
        await RunAsync(Dotnet, ["publish", "Tremolo.Server", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-o", output], sources);
        Assert.Single(Directory.GetFiles(output), f => !f.EndsWith(".pdb", StringComparison.Ordinal));

        await CheckAndServeAsync(Path.Combine(output, "tremolo"));
    }

    private async Task CheckAndServeAsync(string tremolo)
    {
        var version = typeof(Tremolo.Server.Cli.CommandLine).Assembly.GetName().Version!;
        Assert.Equal($"tremolo {version.Major}.{version.Minor}.{version.Build}\n", await RunAsync(tremolo, ["--version"], _work));

        var yaml = Path.Combine(_work, "tremolo.yaml");
        await File.WriteAllTextAsync(yaml, "routes:\n  - {path: /, body: installed}\n");
        Assert.Equal("ok\n", await RunAsync(tremolo, ["check", yaml], _work));

        using var server = new ServeProcess(tremolo, [], yaml);
        using var client = await RawHttpClient.ConnectAsync(await server.PortAsync());
        await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
        Assert.EndsWith("\r\n\r\ninstalled", await client.ReadToCloseAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The projects the tool is built from and the sources they share (Shared/README.md), copied without build output.</summary>
    private string CopySources()
    {
        var target = Path.Combine(_work, "src");
        foreach (var file in (string[])["Directory.Build.props", "Directory.Packages.props", "README.md"])
            CopyFile(Path.Combine(RepositoryPaths.Root, file), Path.Combine(target, file));
        foreach (var project in (string[])["Tremolo.Config", "Tremolo.Templates", "Tremolo.Server", "Shared"])
        {
            var root = Path.Combine(RepositoryPaths.Root, project);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                if (!relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    CopyFile(file, Path.Combine(target, project, relative));
            }
        }

        return target;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>Runs a command to its end; fails with its output unless it exits 0; returns its stdout.</summary>
    private static async Task<string> RunAsync(string command, string[] arguments, string folder, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
