using System.Text;
using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// HEAD, HTTP/1.0, If-Range, If-Modified-Since and empty files, as Python Tremolo 0.5.2
/// answered them (recorded by hand against the parity app, 2026-11-24).
/// </summary>
public sealed class ResumableDownloads_Conditions(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    private const string Pinned = "Mon, 01 Jan 2024 00:00:00 GMT";

    [Fact]
    public async Task HeadOfARange_SendsTheHeadOnly_ThenCloses()
    {
        FileResponsePlan plan = Plan(new FileRequest("HEAD", "1.1", ["bytes=0-1"]));
        Assert.Equal(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: 2\r\nContent-Range: bytes 0-1/64\r\n"
            + "Date: {DATE}\r\nServer: Tremolo\r\nConnection: keep-alive\r\nContent-Type: text/plain\r\n\r\n",
            await Render(plan));
        Assert.True(plan.CloseAfter);
    }

    [Fact]
    public async Task HeadOfSeveralRanges_AnnouncesChunking_SendsNoBody_ThenCloses()
    {
        FileResponsePlan plan = Plan(new FileRequest("HEAD", "1.1", ["bytes=0-1,3-4"]));
        Assert.Equal(
            "HTTP/1.1 206 Partial Content\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: keep-alive\r\n"
            + "Content-Type: multipart/byteranges; boundary={BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n",
            await Render(plan));
        Assert.True(plan.CloseAfter);
    }

    [Fact]
    public async Task Http10_IgnoresRange_AndHasNoAcceptRanges()
    {
        FileResponsePlan plan = Plan(new FileRequest("GET", "1.0", ["bytes=0-1"]));
        Assert.Equal(
            $"HTTP/1.0 200 OK\r\nLast-Modified: {Pinned}\r\nContent-Length: 64\r\nDate: {{DATE}}\r\nServer: Tremolo\r\n"
            + "Connection: keep-alive\r\nContent-Type: text/plain\r\n\r\n" + Data,
            await Render(plan));
        Assert.False(plan.CloseAfter);
    }

    [Fact]
    public async Task Http10_HeadWithKeepAlive_ClosesAfter()
    {
        FileResponsePlan plan = Plan(new FileRequest("HEAD", "1.0"));
        Assert.Empty(plan.Body);
        Assert.True(plan.CloseAfter);
        Assert.EndsWith("Content-Type: text/plain\r\n\r\n", await Render(plan));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    public async Task IfModifiedSince_Equal_Is304_WithoutFraming_ThenCloses(string version)
    {
        FileResponsePlan plan = Plan(new FileRequest("GET", version, IfModifiedSince: Pinned));
        Assert.Equal(
            $"HTTP/{version} 304 Not Modified\r\nDate: {{DATE}}\r\nServer: Tremolo\r\nConnection: keep-alive\r\n\r\n",
            await Render(plan));
        Assert.True(plan.CloseAfter);
        Assert.False(plan.Chunked);
    }

    [Theory]
    [InlineData("mon, 01 Jan 2024 00:00:00 GMT")]
    [InlineData("Monday, 01-Jan-24 00:00:00 GMT")]
    public void IfModifiedSince_IsComparedAsText(string value) =>
        Assert.Equal(200, Plan(new FileRequest("GET", "1.1", IfModifiedSince: value)).Status);

    [Fact]
    public void IfModifiedSince_IsIgnoredWithARange() =>
        Assert.Equal(206, Plan(new FileRequest("GET", "1.1", ["bytes=0-1"], IfModifiedSince: Pinned)).Status);

    [Fact]
    public void IfRangeMismatch_ServesTheWholeFile_EvenForABadRange()
    {
        FileResponsePlan plan = Plan(new FileRequest("GET", "1.1", ["items"], IfRange: "x"));
        Assert.Null(plan.Error);
        Assert.Equal(200, plan.Status);
        Assert.Equal(["Last-Modified", "Content-Length", "Accept-Ranges"], plan.Headers.Select(h => h.Name));
    }

    [Fact]
    public void IfRangeWithoutRange_IsIgnored() =>
        Assert.Equal(200, Plan(new FileRequest("GET", "1.1", IfRange: "x")).Status);

    [Fact]
    public async Task EmptyFile_IsAZeroLengthAnswer()
    {
        FileInfo empty = folder.Add("empty.txt", []);
        FileResponsePlan plan = FileResponsePlanner.Plan(empty, new FileRequest("GET", "1.1"), "text/plain");
        Assert.Equal(
            $"HTTP/1.1 200 OK\r\nLast-Modified: {Pinned}\r\nContent-Length: 0\r\nAccept-Ranges: bytes\r\nDate: {{DATE}}\r\n"
            + "Server: Tremolo\r\nConnection: keep-alive\r\nContent-Type: text/plain\r\n\r\n",
            await Render(plan));
    }

    [Fact]
    public void LastModified_DropsFractionsOfASecond()
    {
        FileInfo file = folder.Add("fraction.txt", [1]);
        File.SetLastWriteTimeUtc(file.FullName, ParityFilesFolder.PinnedMtime.AddMilliseconds(999));
        FileResponsePlan plan = FileResponsePlanner.Plan(file, new FileRequest("GET", "1.1"), "text/plain");
        Assert.Equal(new ResponseHeader("Last-Modified", Pinned), plan.Headers[0]);
    }

    [Fact]
    public void MissingFile_IsNotFound()
    {
        FileResponsePlan plan = FileResponsePlanner.Plan(new FileInfo(Path.Combine(folder.Files, "gone")), new FileRequest("GET", "1.1"), "text/plain");
        Assert.Equal(FileResponseError.NotFound, plan.Error);
    }

    [Fact]
    public void ErrorPlan_HasNoHeadOfItsOwn()
    {
        FileResponsePlan plan = Plan(new FileRequest("GET", "1.1", ["bytes=99-"]));
        Assert.Equal(new FileResponseError(416, "Range Not Satisfiable", "Range Not Satisfiable"), plan.Error);
        Assert.Throws<InvalidOperationException>(() => FileResponseHead.Write(new System.Buffers.ArrayBufferWriter<byte>(), plan, []));
    }

    private const string Data = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!\n";

    private FileResponsePlan Plan(FileRequest request) =>
        FileResponsePlanner.Plan(new FileInfo(Path.Combine(folder.Files, "data.txt")), request, "text/plain");

    private static async Task<string> Render(FileResponsePlan plan) =>
        FileResponseRenderer.NormaliseBoundary(Encoding.Latin1.GetString(await FileResponseRenderer.RenderAsync(plan, keepAlive: true)));
}
