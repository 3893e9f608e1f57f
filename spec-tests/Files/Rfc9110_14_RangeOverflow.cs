using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// RFC 9110 14.1: positions past any file are unsatisfiable (416), never a wrapped negative
/// number. `bytes=18446744073709551615-` used to give 206 with `Content-Range: bytes -1-9999/10000`.
/// </summary>
public sealed class Rfc9110_14_RangeOverflow(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    [Theory]
    [InlineData("bytes=18446744073709551615-")]
    [InlineData("bytes=9223372036854775807-")]
    [InlineData("bytes=9223372036854775808-")]
    [InlineData("bytes=4611686018427387904-")]
    [InlineData("bytes=99999999999999999999999999999999999999-")]
    [InlineData("bytes=0-18446744073709551615")]
    [InlineData("bytes=18446744073709551615-18446744073709551616")]
    [InlineData("bytes=-18446744073709551615")]
    [InlineData("bytes=1_8446_7440_7370_9551_615-")]
    public void Rfc9110_14_HugePositions_AreNotSatisfiable(string range)
    {
        var plan = FileResponsePlanner.Plan(DataFile, new FileRequest("GET", "1.1", [range]), "text/plain");

        Assert.Equal(FileResponseError.NotSatisfiable, plan.Error);
    }

    private FileInfo DataFile => new(Path.Combine(folder.Files, "data.txt"));
}
