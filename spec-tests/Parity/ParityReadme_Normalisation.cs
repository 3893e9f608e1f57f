using System.Text;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// The corpus README's "Normalisation" section as the runner applies it. The expected values
/// are what harness.normalise() returns for the same raw result.
/// </summary>
public sealed class ParityReadme_Normalisation
{
    private static readonly RawRead[] Reads =
    [
        new(0, Encoding.Latin1.GetBytes(
            "HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=----Boundaryabc\r\n" +
            "Date: Tue, 24 Nov 2026 00:00:00 GMT\r\nSet-Cookie: a=b; expires=Tue, 24 Nov 2026 01:00:00 GMT; path=/\r\n" +
            "Allow: POST, GET,HEAD\r\n\r\n------Boundaryabc\r\n"), Eof: false, Final: false),
        new(2, Encoding.Latin1.GetBytes("[12:34:56] Guest41234: hi 412345 41234\n------Boundaryabc--\r\nboundary=xy\r\n"), Eof: true, Final: true),
    ];

    private static readonly string[] FirstRead =
    [
        "HTTP/1.1 206 Partial Content\r\n",
        "Content-Type: multipart/byteranges; boundary={BOUNDARY}\r\n",
        "Date: {DATE}\r\n",
        "Set-Cookie: a=b; expires={COOKIE_EXPIRES}; path=/\r\n",
        "Allow: GET, HEAD, POST\r\n",
        "\r\n",
        "--{BOUNDARY}\r\n",
    ];

    // the port of the first connection is replaced only as a whole number
    private static readonly string[] SecondRead =
    [
        "[{TIME}] Guest{CLIENT_PORT_0}: hi 412345 {CLIENT_PORT_0}\n",
        "--{BOUNDARY}--\r\n",
        "boundary={BOUNDARY}\r\n",
    ];

    [Fact]
    public void EveryRuleAppliesAcrossTheReadsOfACase()
    {
        var result = Normaliser.Normalise(new ReplayResult(Reads, CheckClose: true, [false, true], [41234, 5555]));

        Assert.Equal(2, result.Reads.Count);
        Assert.Equal((0, (bool?)false, (bool?)null), (result.Reads[0].Conn, result.Reads[0].Eof, result.Reads[0].Final));
        Assert.Equal(FirstRead, result.Reads[0].Data);
        Assert.Equal((2, (bool?)true, (bool?)true), (result.Reads[1].Conn, result.Reads[1].Eof, result.Reads[1].Final));
        Assert.Equal(SecondRead, result.Reads[1].Data);
        Assert.Equal([false, true], result.Closed);
    }

    [Fact]
    public void WithoutCheckCloseEofIsNull()
    {
        var result = Normaliser.Normalise(new ReplayResult(Reads, CheckClose: false, [null, null], [41234, 5555]));

        Assert.Equal([null, null], result.Reads.Select(r => r.Eof));
        Assert.Equal([null, null], result.Closed);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a\n", new[] { "a\n" })]
    [InlineData("a\nb", new[] { "a\n", "b" })]
    [InlineData("\n\n", new[] { "\n", "\n" })]
    public void SplitLinesBreaksAfterEveryNewline(string text, string[] pieces)
        => Assert.Equal(pieces, Normaliser.SplitLines(text));

    [Fact]
    public void MatchesComparesEveryField()
    {
        var expected = Normaliser.Normalise(new ReplayResult(Reads, CheckClose: true, [false, true], [41234, 5555]));
        var otherPorts = Normaliser.Normalise(new ReplayResult(Reads, CheckClose: true, [false, true], [5555, 41234]));
        var otherClose = Normaliser.Normalise(new ReplayResult(Reads, CheckClose: true, [false, false], [41234, 5555]));

        Assert.True(expected.Matches(Normaliser.Normalise(new ReplayResult(Reads, CheckClose: true, [false, true], [41234, 5555]))));
        Assert.False(expected.Matches(otherPorts));
        Assert.False(expected.Matches(otherClose));
    }
}
