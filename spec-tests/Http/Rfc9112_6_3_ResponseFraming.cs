using System.Buffers;
using System.Text;
using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// RFC 9112 6.3 (message body length) and 9.3 (persistence) as Tremolo decides them, in their
/// one owner, <see cref="ResponseFraming"/>: how each kind of response is framed, what its
/// Connection header says and whether the connection reads another request after it.
/// </summary>
public sealed class Rfc9112_6_3_ResponseFraming
{
    private static HttpContext Request(string head, bool keepAliveEnabled = true)
    {
        // No connection behind it: framing reads the head and the response alone.
        var context = new HttpContext(connection: null!);
        RequestHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(head + "\r\n")), context.Head);
        context.Framing.Begin(context.Head, keepAliveEnabled);
        return context;
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, Close\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: keep-alive\r\n", true)]
    public void TheRequestAsksByItsConnectionHeaderElseByItsVersion(string head, bool keepAlive)
    {
        Assert.Equal(keepAlive, Request(head).Framing.RequestsKeepAlive);
    }

    [Fact]
    public void KeepaliveTimeoutZeroTurnsKeepAliveOff()
    {
        Assert.False(Request("GET / HTTP/1.1\r\nHost: h\r\n", keepAliveEnabled: false).Framing.RequestsKeepAlive);
    }

    [Fact]
    public void AReturnedBodyIsChunkedOnHttp11AndKeepsTheConnection()
    {
        var context = Request("GET / HTTP/1.1\r\nHost: h\r\n");
        var frame = context.Framing.ForReturn(chunked: null);

        Assert.Equal(new ResponseFrame(BodyFraming.Chunked, BodyFollows: true, "keep-alive"), frame);
        Assert.True(context.Framing.LivesOn(draining: false));
        Assert.False(context.Framing.LivesOn(draining: true));
    }

    [Fact]
    public void AReturnedBodyHasContentLengthOnHttp10OrWhenChunkedIsOff()
    {
        Assert.Equal(BodyFraming.ContentLength, Request("GET / HTTP/1.0\r\n").Framing.ForReturn(chunked: null).Body);
        Assert.Equal(BodyFraming.ContentLength, Request("GET / HTTP/1.1\r\nHost: h\r\n").Framing.ForReturn(chunked: false).Body);
    }

    [Fact]
    public void ANoContentStatusAnnouncesNoBody()
    {
        var context = Request("GET / HTTP/1.1\r\nHost: h\r\n");
        context.Response.SetStatus(204, "No Content");

        Assert.Equal(new ResponseFrame(BodyFraming.None, BodyFollows: false, "keep-alive"), context.Framing.ForReturn(chunked: null));
    }

    [Fact]
    public void AHeadRequestGetsTheFramingButNoBody()
    {
        var frame = Request("HEAD / HTTP/1.1\r\nHost: h\r\n").Framing.ForReturn(chunked: null);

        Assert.Equal(BodyFraming.Chunked, frame.Body);
        Assert.False(frame.BodyFollows);
    }

    [Fact]
    public void AnErrorEndSaysCloseAndTheConnectionEnds()
    {
        var context = Request("GET / HTTP/1.1\r\nHost: h\r\n");
        var frame = context.Framing.ForEnd(keepAlive: false);

        Assert.Equal(new ResponseFrame(BodyFraming.ContentLength, BodyFollows: true, "close"), frame);
        Assert.False(frame.SaysKeepAlive);
        Assert.False(context.Framing.LivesOn(draining: false));
    }

    [Fact]
    public void AStreamWithoutLengthOnHttp10EndsWithTheConnection()
    {
        var context = Request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n");
        var frame = context.Framing.ForStream(chunked: null);

        // Tremolo still says keep-alive, then closes: only the close can end such a body.
        Assert.Equal(new ResponseFrame(BodyFraming.UntilClose, BodyFollows: true, "keep-alive"), frame);
        Assert.False(context.Framing.LivesOn(draining: false));
    }

    [Fact]
    public void AStreamWithContentLengthKeepsTheConnection()
    {
        var context = Request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n");
        context.Response.Headers.Set("Content-Length", "5");

        Assert.Equal(BodyFraming.ContentLength, context.Framing.ForStream(chunked: false).Body);
        Assert.True(context.Framing.LivesOn(draining: false));
    }

    [Fact]
    public void ASwitchingProtocolsHeadSaysUpgrade()
    {
        var context = Request("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n");
        context.Response.SetStatus(101, "Switching Protocols");

        Assert.Equal("upgrade", context.Framing.ForStream(chunked: null).Connection);
    }

    [Fact]
    public void AResponseMarkedCloseAfterSaysKeepAliveYetCloses()
    {
        // Tremolo's way after a file HEAD or a 304: announced keep-alive, then the close.
        var context = Request("GET /file HTTP/1.1\r\nHost: h\r\n");
        context.Framing.CloseAfterResponse();

        Assert.Equal("keep-alive", context.Framing.ForReturn(chunked: null).Connection);
        Assert.False(context.Framing.LivesOn(draining: false));
    }
}
