using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// Every case of parity/cases/files (docs: how-to/resumable-downloads, response.sendfile())
/// replayed at the planner level: the plan, rendered with the engine's Date/Server/Connection,
/// must be the recorded bytes, and the close decision must be the recorded one.
/// </summary>
public sealed partial class ResumableDownloads_ParityCorpus(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    private static readonly string CasesFolder = Path.Combine(ParityFilesFolder.ParityRoot, "cases", "files");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(CasesFolder, "*.json").Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAllRecordedCases() => Assert.Equal(18, Cases().Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_MatchesRecording(string name)
    {
        using JsonDocument steps = JsonDocument.Parse(File.ReadAllText(Path.Combine(CasesFolder, name + ".json")));
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(CasesFolder, name + ".expected")));
        Dictionary<string, (string File, string ContentType)> routes = ReadRoutes();

        var received = new StringBuilder();
        var reads = new List<string>();
        bool closed = false;
        foreach (JsonElement step in steps.RootElement.GetProperty("steps").EnumerateArray())
        {
            Assert.False(step.TryGetProperty("conn", out JsonElement conn) && conn.GetInt32() != 0);
            if (step.TryGetProperty("send", out JsonElement send))
            {
                Assert.False(closed, "a request after the connection was closed");
                (string path, FileRequest request, bool keepAlive) = RawFileRequest.Parse(Latin1(send));
                (string file, string contentType) = routes[path];
                FileResponsePlan plan = FileResponsePlanner.Plan(new FileInfo(Path.Combine(folder.Root, file)), request, contentType);
                byte[] bytes = await FileResponseRenderer.RenderAsync(plan, keepAlive);
                received.Append(FileResponseRenderer.NormaliseBoundary(Encoding.Latin1.GetString(bytes)));
                closed = plan.Error is not null || !keepAlive || plan.CloseAfter;
            }
            else if (step.TryGetProperty("read", out _))
            {
                reads.Add(received.ToString());
                received.Clear();
            }
        }

        JsonElement[] expectedReads = [.. expected.RootElement.GetProperty("reads").EnumerateArray()];
        Assert.Equal(expectedReads.Length, reads.Count);
        for (int i = 0; i < reads.Count; i++)
        {
            Assert.Equal(Latin1(expectedReads[i].GetProperty("data")), reads[i]);
        }

        Assert.Equal(expected.RootElement.GetProperty("closed")[0].GetBoolean(), closed);
    }

    private static string Latin1(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array
            ? string.Concat(value.EnumerateArray().Select(part => part.GetString()))
            : value.GetString()!;

    /// <summary>The app's `file:` routes from its tremolo.yaml: path -> (file, content type).</summary>
    private static Dictionary<string, (string File, string ContentType)> ReadRoutes()
    {
        string yaml = File.ReadAllText(Path.Combine(ParityFilesFolder.AppFolder, "tremolo.yaml"));
        var routes = new Dictionary<string, (string, string)>();
        foreach (Match route in FileRoute().Matches(yaml))
        {
            string contentType = route.Groups["type"].Success ? route.Groups["type"].Value : FileResponsePlanner.DefaultContentType;
            routes[route.Groups["path"].Value] = (route.Groups["file"].Value, contentType);
        }

        Assert.NotEmpty(routes);
        return routes;
    }

    [GeneratedRegex(@"- path: (?<path>\S+)\n\s+file: (?<file>\S+)(\n\s+content_type: (?<type>\S+))?")]
    private static partial Regex FileRoute();
}
