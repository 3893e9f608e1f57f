using System.Buffers;
using System.Text;
using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Http;

/// <summary>The request head parser: Tremolo's HTTPHeader.parse outcomes plus our RFC 9112 refusals.</summary>
public class RequestHeadParserTests
{
    private static HttpRequestHead Parse(string head)
    {
        var parsed = new HttpRequestHead();
        RequestHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(head)), parsed);
        return parsed;
    }

    [Fact]
    public void Tremolo_ValidRequest_ExposesMethodUrlPathVersionAndLowercaseHeaders()
    {
        var head = Parse("GET /hello?a=1 HTTP/1.1\r\nHost: localhost:8000\r\nX-Multi:  one \t\r\nx-multi: two\r\n");
        Assert.Equal(RequestHeadStatus.Valid, head.Status);
        Assert.Equal("GET", head.Method);
        Assert.Equal("/hello?a=1", head.Url);
        Assert.Equal("/hello", head.Path);
        Assert.Equal("1.1", head.Version);
        Assert.Equal(
            [new("host", "localhost:8000"), new("x-multi", "one"), new("x-multi", "two")],
            head.HeaderList);
    }

    [Fact]
    public void KeepAlive_SameTargetAgain_ReusesTheString_AnotherTargetGetsItsOwn()
    {
        var head = new HttpRequestHead();
        string UrlOf(string target)
        {
            RequestHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: x\r\n")), head);
            return head.Url;
        }

        var first = UrlOf("/hello");
        Assert.Same(first, UrlOf("/hello"));
        Assert.Equal("/hellp", UrlOf("/hellp"));
        Assert.Equal("/hello?a=1", UrlOf("/hello?a=1"));
        Assert.Equal("/hello", head.Path);
        Assert.Equal("/hello", UrlOf("/hello"));
    }

    [Theory]
    [InlineData("GARBAGE\r\n")]
    [InlineData(" HTTP/\r\n")]
    [InlineData("GET /a\0b HTTP/1.1\r\nHost: x\r\n")]
    public void Tremolo_NoRequestLine_IsNotARequest(string head) =>
        Assert.Equal(RequestHeadStatus.NotARequest, Parse(head).Status);

    [Theory]
    [InlineData("GET HTTP/1.1\r\nHost: x\r\n")]
    [InlineData("GET /hello HTTP/1.1\r\n")]
    [InlineData("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n")]
    [InlineData("GET /hello HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n")]
    [InlineData("GET /hello HTTP/1.1\r\nHost : x\r\n")]
    [InlineData("GET /hello HTTP/1.3\r\nHost: x\r\n")]
    public void Tremolo_MalformedRequest_IsInvalid(string head)
    {
        var parsed = Parse(head);
        Assert.Equal(RequestHeadStatus.Invalid, parsed.Status);
        Assert.Null(parsed.RejectReason);
    }

    [Fact]
    public void Tremolo_InvalidVersion_IsAnsweredAsHttp10()
    {
        var parsed = Parse("GET /hello HTTP/1.3\r\nHost: x\r\n");
        Assert.False(parsed.IsHttp11);
        Assert.Equal("1.0", parsed.Version);
    }

    [Fact]
    public void Tremolo_Http10_NeedsNoHost() => Assert.Equal(RequestHeadStatus.Valid, Parse("GET / HTTP/1.0\r\n").Status);

    [Fact]
    public void Tremolo_MoreThan98HeaderLines_IsInvalid()
    {
        var lines = string.Concat(Enumerable.Range(0, 98).Select(i => $"X-H{i}: v\r\n"));
        Assert.Equal(RequestHeadStatus.Valid, Parse("GET / HTTP/1.0\r\n" + lines).Status);
        Assert.Equal(RequestHeadStatus.Invalid, Parse("GET / HTTP/1.0\r\n" + lines + "X-Last: v\r\n").Status);
    }

    [Theory]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\n folded: y\r\n", "bad request: obsolete line folding")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nX-Tab\t: y\r\n", "bad request: invalid field name")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nX(y): z\r\n", "bad request: invalid field name")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\r\n", "bad request: invalid field value")]
    [InlineData("GET /a HTTP/1.1\r\nHost: x\r\nX-Del: a\u007fb\r\n", "bad request: invalid field value")]
    [InlineData("G(T /a HTTP/1.1\r\nHost: x\r\n", "bad request: invalid method")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: x\r\n", "bad request: invalid request target")]
    [InlineData("GET  /a HTTP/1.1\r\nHost: x\r\n", "bad request: invalid request target")]
    [InlineData("GET a HTTP/1.1\r\nHost: x\r\n", "bad request: invalid request target")]
    [InlineData("GET /a\u0007 HTTP/1.1\r\nHost: x\r\n", "bad request: invalid request target")]
    public void Rfc9112_MalformedHead_IsRefusedBeforeTheApp(string head, string reason)
    {
        var parsed = Parse(head);
        Assert.Equal(reason, parsed.RejectReason);
        Assert.Equal(400, parsed.RejectStatus);
    }

    [Fact]
    public void Rfc9110_15_6_6_UnsupportedMajorVersion_Is505()
    {
        var parsed = Parse("GET /hello HTTP/2.0\r\nHost: x\r\n");
        Assert.Equal(505, parsed.RejectStatus);
        Assert.Equal("HTTP version not supported", parsed.RejectReason);
    }

    [Fact]
    public void Rfc9112_3_2_RequestTargetForms_AreAccepted()
    {
        Assert.Null(Parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n").RejectReason);
        Assert.Null(Parse("GET http://x/a HTTP/1.1\r\nHost: x\r\n").RejectReason);
        Assert.Equal(501, Parse("CONNECT x:443 HTTP/1.1\r\nHost: x\r\n").RejectStatus);
    }

    [Fact]
    public void ContainsToken_MatchesCommaSeparatedCaseInsensitive()
    {
        var head = Parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, CLOSE\r\n");
        Assert.True(head.ContainsToken("connection"u8, "close"u8));
        Assert.False(head.ContainsToken("connection"u8, "upgrade"u8));
    }
}
