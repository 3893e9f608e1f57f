namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>SPEC 4.1: every context name, filled from a real request over a socket.</summary>
public sealed class Spec_4_1_ContextOverTheWire(ContextApp fixture) : IClassFixture<ContextApp>
{
    private const string Boundary = "----e2e";

    [Fact]
    public async Task RequestLineHostAndPeer()
    {
        using var connection = await WireConnection.OpenAsync(fixture.App);
        var response = await connection.RequestAsync("GET /echo?a=1&b=%20 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
        Assert.Equal(
            $"method=GET|url=/echo?a=1&b=%20|path=/echo|query_string=a=1&b=%20|version=1.1|scheme=http|host=example.com:8080" +
            $"|ip=127.0.0.1|client=127.0.0.1:{connection.LocalPort}|server=EndToEnd",
            response.Body);
    }

    [Fact]
    public async Task ForwardedHeadersWinForIpSchemeAndHost()
    {
        using var connection = await WireConnection.OpenAsync(fixture.App);
        var response = await connection.RequestAsync(
            "POST /echo HTTP/1.0\r\nHost: inner\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nX-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Host: example.org\r\n\r\n");
        Assert.Equal(
            $"method=POST|url=/echo|path=/echo|query_string=|version=1.0|scheme=https|host=example.org" +
            $"|ip=203.0.113.7|client=127.0.0.1:{connection.LocalPort}|server=EndToEnd",
            response.Body);
    }

    // Tremolo's cookie parser scans the joined Cookie headers from the end, so the last
    // cookie of a name comes first (see Templates/Tremolo_Headers_Cookies).
    [Fact]
    public async Task QueryCookiesAndHeadersAreLists()
    {
        var response = await WireConnection.RequestAsync(fixture.App,
            "GET /lists?a=1&a=two+2&b=3 HTTP/1.1\r\nHost: h\r\nCookie: a=x; b=y\r\nCookie: a=z\r\nX-Multi: m1\r\nx-multi: m2\r\n\r\n");
        Assert.Equal("query=1,two 2|cookies=z,x|headers=m1,m2|sizes=2,2,2", response.Body);
    }

    [Fact]
    public async Task ConvenienceMapsHoldTheFirstValue()
    {
        var response = await WireConnection.RequestAsync(fixture.App,
            "GET /maps?a=1&a=2 HTTP/1.1\r\nHost: h\r\nCookie: a=x; a=y\r\nX-Multi: m1\r\nX-Multi: m2\r\n\r\n");
        Assert.Equal("query=1|cookies=y|headers=m1|missing=[]", response.Body);
    }

    [Fact]
    public async Task UrlencodedFormIsLists()
    {
        const string body = "a=1&a=%3C2%3E&b=x+y";
        var response = await WireConnection.RequestAsync(fixture.App,
            $"POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        Assert.Equal("a=1,<2>|b=x y", response.Body);
    }

    [Fact]
    public async Task MultipartFormFieldsAreLists()
    {
        var body =
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx y\r\n" +
            $"--{Boundary}--\r\n";
        var response = await WireConnection.RequestAsync(fixture.App,
            $"POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        Assert.Equal("a=1,2|b=x y", response.Body);
    }

    [Fact]
    public async Task BodyWithContentLengthKeepsTheConnection()
    {
        using var connection = await WireConnection.OpenAsync(fixture.App);
        var first = await connection.RequestAsync("POST /body HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
        var second = await connection.RequestAsync("GET /body HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("[hello world]", "keep-alive"), (first.Body, first.Header("Connection")));
        Assert.Equal("[]", second.Body);
    }

    [Fact]
    public async Task ChunkedBodyIsJoinedThenTheConnectionCloses()
    {
        using var connection = await WireConnection.OpenAsync(fixture.App);
        var response = await connection.RequestAsync(
            "POST /body HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n w\u00c3\u00b6rld\r\n0\r\n\r\n");
        Assert.Equal("[hello wörld]", response.Body);
        // Tremolo does not read past the last chunk, so it closes after this request.
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal("", await connection.Reader.ReadToCloseAsync());
    }

    [Fact]
    public async Task RegexGroupsAreParams()
    {
        var response = await WireConnection.RequestAsync(fixture.App, "GET /page/42/intro?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("42|intro|[]", response.Body);
    }

    [Fact]
    public async Task ResponseRuleSeesTheResponse()
    {
        var response = await WireConnection.RequestAsync(fixture.App, "GET /created HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 201 Created", "made"), (response.StatusLine, response.Body));
        Assert.Equal("201 Created 7 text/plain", response.Header("X-Seen"));
    }

    [Fact]
    public async Task ErrorPageSeesExcAndTheResponse()
    {
        var response = await WireConnection.RequestAsync(fixture.App, "GET /down HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal("HTTP/1.1 503 Down For Now", response.StatusLine);
        Assert.Equal("exc=503|Down For Now|planned response=503|Down For Now|text/plain path=/down", response.Body);
    }

    [Fact]
    public async Task ErrorPageOfTheEngineSeesTheErrorsDefaults()
    {
        var response = await WireConnection.RequestAsync(fixture.App, "POST /only-get HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.Equal(("HTTP/1.1 405 Method Not Allowed", "GET"), (response.StatusLine, response.Header("Allow")));
        Assert.Equal("exc=405|Method Not Allowed|Method Not Allowed response=405|Method Not Allowed|text/html; charset=utf-8", response.Body);
    }

    [Fact]
    public async Task TimeIsTheLocalClock()
    {
        var before = DateTime.Now.ToString("HH:mm:ss");
        var response = await WireConnection.RequestAsync(fixture.App, "GET /time HTTP/1.1\r\nHost: h\r\n\r\n");
        var after = DateTime.Now.ToString("HH:mm:ss");
        Assert.Matches(@"^\d\d:\d\d:\d\d$", response.Body);
        Assert.InRange(string.CompareOrdinal(response.Body, before), 0, int.MaxValue);
        Assert.InRange(string.CompareOrdinal(response.Body, after), int.MinValue, 0);
    }

    [Fact]
    public async Task WebSocketFormatSeesMessageClientAndChannel()
    {
        using var connection = await WireConnection.OpenAsync(fixture.App);
        await connection.UpgradeAsync("/room/blue?tag=t1");
        Assert.Equal($"hello {connection.LocalPort} in room-blue", await connection.ReadTextAsync());
        await connection.SendTextAsync("hi there");
        Assert.Equal($"hi there|127.0.0.1:{connection.LocalPort}|room-blue|t1", await connection.ReadTextAsync());
    }

    [Fact]
    public async Task BroadcastIsFormattedWithTheSendersClient()
    {
        using var sender = await WireConnection.OpenAsync(fixture.App);
        using var listener = await WireConnection.OpenAsync(fixture.App);
        await listener.UpgradeAsync("/room/green");
        await listener.ReadTextAsync();
        await sender.UpgradeAsync("/room/green?tag=s");
        await sender.ReadTextAsync();
        await sender.SendTextAsync("yo");
        var expected = $"yo|127.0.0.1:{sender.LocalPort}|room-green|s";
        Assert.Equal(expected, await sender.ReadTextAsync());
        Assert.Equal(expected, await listener.ReadTextAsync());
    }
}
