using System.Text;
using Tremolo.Server.Files;
using Tremolo.SpecTests.Files;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Issue 17: seeded fuzzing of Range headers (RFC 9110 14). Whatever the header, the plan is
/// 200 (no range applies), 206 whose every slice lies inside the file and whose
/// Content-Range matches it, 400 or 416 — never an exception or a slice outside the file.
/// </summary>
public sealed class Fuzz_RangeHeaders(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    private const int Rounds = 3000;

    private static readonly string[] Numbers =
    [
        "0", "1", "5", "63", "64", "65", "100", "-1", "+3", "1_0", "007", "18446744073709551615", "9223372036854775807",
        "9223372036854775808", "4611686018427387904", "99999999999999999999999999", "-18446744073709551615", " 7 ", "\t2", "x", "",
    ];

    private static readonly string[] Glue = ["-", "-", "-", ",", ", ", ";", "=", "%2D", "%2C", " ", "\""];

    [Fact]
    public void AnyRangeHeader_Is200Or206InBoundsOr400Or416()
    {
        var random = new Random(14);
        var file = new FileInfo(Path.Combine(folder.Files, "data.txt"));
        for (var round = 0; round < Rounds; round++)
        {
            var header = RandomHeader(random);

            var plan = FileResponsePlanner.Plan(file, new FileRequest("GET", "1.1", [header]), "text/plain");

            if (plan.Error is { } error)
            {
                Assert.True(error.Code is 400 or 416, $"{header}: {error.Code}");
                continue;
            }

            Assert.True(plan.Status is 200 or 206, $"{header}: {plan.Status}");
            foreach (var segment in plan.Body.Where(s => s.IsFile))
            {
                Assert.True(segment.FileOffset >= 0 && segment.FileLength > 0 && segment.FileOffset + segment.FileLength <= file.Length,
                    $"{header}: slice {segment.FileOffset}+{segment.FileLength} of {file.Length}");
            }

            if (plan.Status == 206 && !plan.Chunked)
            {
                var slice = Assert.Single(plan.Body, s => s.IsFile);
                var range = Assert.Single(plan.Headers, h => h.Name == "Content-Range").Value;
                Assert.Equal($"bytes {slice.FileOffset}-{slice.FileOffset + slice.FileLength - 1}/{file.Length}", range);
            }
        }
    }

    private static string RandomHeader(Random random)
    {
        var text = new StringBuilder(random.Next(4) == 0 ? "" : "bytes=");
        for (var parts = random.Next(1, 8); parts > 0; parts--)
        {
            text.Append(Numbers[random.Next(Numbers.Length)]).Append(Glue[random.Next(Glue.Length)]);
        }

        if (random.Next(2) == 0)
        {
            text.Append(Numbers[random.Next(Numbers.Length)]);
        }

        return text.ToString();
    }
}
