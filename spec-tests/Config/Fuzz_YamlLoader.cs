using System.Text;
using Tremolo.Config.Loading;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Config;

/// <summary>
/// Issue 17: seeded fuzzing of the YAML loader. Random documents built from the schema's keys
/// and YAML's syntax, and mutations of the example apps (apps/*/tremolo.yaml and the root
/// tremolo.yaml, loaded beside their own files), never throw, never allocate past a bound,
/// and every error names a position. Fixed seeds and counts: a failure replays exactly.
/// </summary>
public sealed class Fuzz_YamlLoader : IDisposable
{
    private const int MutationsPerApp = 80;
    private const int RandomDocuments = 300;
    private const long AllocationBound = 512L * 1024 * 1024;

    /// <summary>Far above a load of these few-KB files (milliseconds), for a loaded CI machine.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(20);

    private static readonly string[] Keys =
    [
        "server", "listen", "middleware", "errors", "routes", "mount", "path", "body", "template", "template_file",
        "file", "directory", "redirect", "error", "close", "when", "request", "response", "headers", "status", "prefix",
        "app", "include", "websocket", "sse", "methods", "port", "host", "ssl", "cert", "reload", "unix", "code",
    ];

    private static readonly string[] Syntax =
    [
        "[", "]", "{", "}", ":", ": ", ", ", "- ", "\n", "\n  ", "\n    ", "&a ", "*a", "&b ", "*b", "!!str ", "!x ", "|\n  ",
        ">-\n  ", "'", "\"", "#", "? ", "---\n", "...\n", "%YAML 1.2\n", "{{ ", " }}", "{{ if }}", "\t", "\\", "@", "`", "<<: ",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("tremolo-fuzz-").FullName;

    public Fuzz_YamlLoader()
    {
        // A copy of the example apps: mutants are written beside the file they mutate, so its includes and template files resolve.
        File.Copy(Path.Combine(RepositoryPaths.Root, "tremolo.yaml"), Path.Combine(_root, "tremolo.yaml"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "apps"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_root, Path.GetRelativePath(RepositoryPaths.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public static TheoryData<string> ExampleApps()
    {
        var apps = new TheoryData<string> { "tremolo.yaml" };
        foreach (var app in Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "apps")).Order(StringComparer.Ordinal))
            apps.Add(Path.Combine("apps", Path.GetFileName(app), "tremolo.yaml"));
        return apps;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(ExampleApps))]
    public void MutatedExampleAppsLoadOrFailWithPositions(string app)
    {
        var source = File.ReadAllText(Path.Combine(_root, app));
        var mutant = Path.Combine(Path.GetDirectoryName(app)!, "fuzz.yaml");
        Assert.True(LoadOk(app).IsValid, "the example app itself loads");
        for (var seed = 0; seed < MutationsPerApp; seed++)
        {
            var random = new Random(seed);
            var text = source;
            for (var i = random.Next(1, 5); i > 0; i--)
                text = Mutate(text, random);
            File.WriteAllText(Path.Combine(_root, mutant), text);
            LoadOk(mutant, $"{app} seed {seed}");
        }
    }

    [Fact]
    public void RandomDocumentsLoadOrFailWithPositions()
    {
        for (var seed = 0; seed < RandomDocuments; seed++)
        {
            var random = new Random(1_000_000 + seed);
            var document = new StringBuilder();
            for (var i = random.Next(1, 60); i > 0; i--)
                document.Append(random.Next(3) == 0 ? Keys[random.Next(Keys.Length)] : Syntax[random.Next(Syntax.Length)]);
            File.WriteAllText(Path.Combine(_root, "random.yaml"), document.ToString());
            LoadOk("random.yaml", $"random seed {seed}");
        }
    }

    /// <summary>One load: no exception, bounded allocation, every error positioned and on one line.</summary>
    private LoadResult LoadOk(string relative, string? what = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        LoadResult result;
        try
        {
            result = ConfigLoader.Load(relative, [], new Dictionary<string, string?>(), _root);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: the loader threw {e}\n--- input:\n{File.ReadAllText(Path.Combine(_root, relative))}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound, $"{what}: allocated {allocated / (1024 * 1024)} MB");
        Assert.True(watch.Elapsed < TimeBound, $"{what}: took {watch.Elapsed}");
        foreach (var error in result.Errors)
        {
            Assert.True(error.Location.Line > 0 && error.Location.Column > 0, $"{what}: an error without a position: {error}");
            Assert.DoesNotContain('\n', error.Message);
        }

        return result;
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(6))
        {
            case 0:
                return text.Remove(at, random.Next(Math.Min(20, text.Length - at) + 1));
            case 1:
                return text.Insert(at, Syntax[random.Next(Syntax.Length)]);
            case 2:
                // A copy of a span elsewhere: repeated keys, misplaced blocks.
                var start = random.Next(text.Length);
                var span = text.Substring(start, random.Next(Math.Min(200, text.Length - start) + 1));
                return text.Insert(at, span);
            case 3:
                var depth = random.Next(1, 300);
                return text.Insert(at, new string('[', depth) + new string(']', random.Next(depth + 1)));
            case 4:
                return text.Insert(at, random.Next(2) == 0 ? "&a " : "*a ");
            default:
                return at < text.Length ? text.Remove(at, 1).Insert(at, ((char)random.Next(1, 128)).ToString()) : text;
        }
    }

}
