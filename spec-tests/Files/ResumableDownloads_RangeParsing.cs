using System.Text;
using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// Range headers beyond the corpus, each answered as Python Tremolo 0.5.2 answered it
/// (recorded by hand against the parity app's /data.txt, 64 bytes, on 2026-11-24).
/// Expected: "400", "416", "single:S-E", or "multi:" and the parts' ranges in sent order.
/// </summary>
public sealed class ResumableDownloads_RangeParsing(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    private const string Data = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!\n";

    [Theory]
    [InlineData("bytes=3-0", "single:3-3")]
    [InlineData("bytes=0--0", "single:0-0")]
    [InlineData("bytes=-64", "single:0-63")]
    [InlineData("bytes=-65", "416")]
    [InlineData("bytes=+5-", "single:5-63")]
    [InlineData("bytes=+1_0-1_1", "single:10-11")]
    [InlineData("bytes=\"2-3\"", "single:2-3")]
    [InlineData("bytes=\t1-2", "single:1-2")]
    [InlineData("bytes=1-\v2", "single:1-2")]
    [InlineData("Bytes=1-2", "single:1-2")]
    [InlineData("bytes=0-1;", "single:0-1")]
    [InlineData("BYTES = 1 - 2 ,3-", "multi:3-63,1-2")]
    [InlineData("bytes=0%2D1%2C4-5", "multi:4-5,0-1")]
    [InlineData("bytes=0-1;bytes=5-6, 8-9", "multi:8-9,5-6,0-1")]
    [InlineData("=1-2", "multi:")]
    [InlineData("", "multi:")]
    [InlineData("bytes=x-1, 99-", "416")]
    [InlineData("bytes=99-, x-1", "400")]
    [InlineData("items=0-1;bytes=99-", "416")]
    [InlineData("bytes=5--3", "416")]
    [InlineData("bytes=0-99999999999999999999999999", "416")]
    [InlineData("bytes=", "400")]
    [InlineData("bytes=5", "400")]
    [InlineData("bytes=-", "400")]
    [InlineData("bytes=0-1,", "400")]
    [InlineData("bytes=1-2=3", "400")]
    [InlineData("bytes=%zz1-2", "400")]
    [InlineData("bytes=%221-2%22", "400")]
    [InlineData("bytes=-+5", "400")]
    [InlineData("bytes=5_-", "400")]
    public async Task Range_IsAnsweredAsTremolo(string range, string expected) =>
        await AssertRanges([range], expected);

    [Fact]
    public async Task SeveralRangeHeaders_AreOneListReadFromTheLast() =>
        await AssertRanges(["bytes=0-1", "bytes=5-6"], "multi:5-6,0-1");

    [Fact]
    public async Task OnlyTheLast100Specs_AreRead() =>
        await AssertRanges(["bytes=x," + string.Join(',', Enumerable.Repeat("0-0", 100))], "multi:" + string.Join(',', Enumerable.Repeat("0-0", 100)));

    [Fact]
    public async Task The101stSpecFromTheEnd_IsRead_WhenThereAre100() =>
        await AssertRanges(["bytes=x," + string.Join(',', Enumerable.Repeat("0-0", 99))], "400");

    [Fact]
    public async Task OnlyTheLast100Fields_AreRead_EmptyNamesIncluded()
    {
        await AssertRanges(["x=1;" + string.Join(';', Enumerable.Repeat("bytes=0-0", 100))], "multi:" + string.Join(',', Enumerable.Repeat("0-0", 100)));
        await AssertRanges(["bytes=0-0;" + string.Join(';', Enumerable.Repeat("=1", 100))], "multi:");
    }

    /// <summary>Deviation: Tremolo sends nothing for a zero-length suffix; RFC 9110 14.1.1 calls it unsatisfiable.</summary>
    [Fact]
    public async Task ZeroSuffix_IsNotSatisfiable() => await AssertRanges(["bytes=-0"], "416");

    [Fact]
    public async Task EmptyFile_HasNoSatisfiableRange()
    {
        FileInfo empty = folder.Add("empty.txt", []);
        Assert.Equal(FileResponseError.NotSatisfiable, Plan(empty, Get("bytes=0-0")).Error);
        Assert.Equal(FileResponseError.NotSatisfiable, Plan(empty, Get("bytes=0-")).Error);
        Assert.Equal(FileResponseError.NotSatisfiable, Plan(empty, Get("bytes=-1")).Error);
    }

    private async Task AssertRanges(string[] range, string expected)
    {
        FileResponsePlan plan = Plan(DataFile, new FileRequest("GET", "1.1", range));
        string actual = plan.Error is { } error ? error.Code.ToString() : Describe(plan);
        Assert.Equal(expected, actual);

        if (plan.Error is null)
        {
            string text = Encoding.Latin1.GetString(await FileResponseRenderer.RenderAsync(plan, keepAlive: true));
            string body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            foreach (string part in expected[(expected.IndexOf(':') + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] bounds = part.Split('-');
                Assert.Contains(Data[int.Parse(bounds[0])..(int.Parse(bounds[1]) + 1)], body);
            }
        }
    }

    private static string Describe(FileResponsePlan plan)
    {
        Assert.Equal(206, plan.Status);
        if (!plan.Chunked)
        {
            return "single:" + Header(plan.Headers, "Content-Range")["bytes ".Length..^"/64".Length];
        }

        string parts = string.Join(',', plan.Body
            .Where(segment => segment.IsFile)
            .Select(segment => $"{segment.FileOffset}-{segment.FileOffset + segment.FileLength - 1}"));
        return "multi:" + parts;
    }

    private static string Header(IReadOnlyList<ResponseHeader> headers, string name) =>
        Assert.Single(headers, header => header.Name == name).Value;

    private static FileRequest Get(string range) => new("GET", "1.1", [range]);

    private static FileResponsePlan Plan(FileInfo file, FileRequest request) =>
        FileResponsePlanner.Plan(file, request, "text/plain");

    private FileInfo DataFile => new(Path.Combine(folder.Files, "data.txt"));
}
