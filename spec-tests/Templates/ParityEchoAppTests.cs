namespace Tremolo.SpecTests.Templates;

/// <summary>
/// The templates of parity/apps/echo/tremolo.yaml against the requests of
/// parity/cases/echo/*.json; expected texts are the bodies Python Tremolo 0.5.2 sent.
/// </summary>
public class ParityEchoAppTests
{
    private const string Echo =
        "method={{ request.method }}\nurl={{ request.url }}\npath={{ request.path }}\n" +
        "query_string={{ request.query_string }}\nversion={{ request.version }}\nhost={{ request.host }}\n" +
        "scheme={{ request.scheme }}\nip={{ request.ip }}\nclient={{ request.client.host }}\nserver={{ server.name }}\n";

    private const string Query =
        "a={{ query.a }}\nall_a={{ request.query.a | array.join \",\" }}\nb={{ query.b }}\nmissing=[{{ query.missing }}]\n";

    private const string Cookies =
        "sid={{ cookies.sid }}\nall_a={{ request.cookies.a | array.join \",\" }}\ntheme={{ cookies.theme }}\n";

    private const string Headers =
        "user-agent={{ headers[\"user-agent\"] }}\nx-multi={{ request.headers[\"x-multi\"] | array.join \"|\" }}\nx-empty=[{{ headers[\"x-empty\"] }}]\n";

    private const string Body = "{{ request.method }} {{ request.body }}";

    private const string Form = "user={{ request.form.user | array.join \",\" }} password={{ request.form.password | array.join \",\" }}";

    private const string Html = "<p>{{ query.q }}</p><pre>{{ query.q | raw }}</pre>";

    [Fact]
    public void EchoBasic() => Assert.Equal(
        "method=GET\nurl=/echo?a=1&b=2\npath=/echo\nquery_string=a=1&b=2\nversion=1.1\nhost=localhost:8000\n" +
        "scheme=http\nip=127.0.0.1\nclient=127.0.0.1\nserver=Tremolo\n",
        TemplateRun.Render(Echo, "GET /echo?a=1&b=2 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public void EchoEmptyQuery() => Assert.Equal(
        "method=GET\nurl=/echo?\npath=/echo\nquery_string=\nversion=1.1\nhost=localhost:8000\n" +
        "scheme=http\nip=127.0.0.1\nclient=127.0.0.1\nserver=Tremolo\n",
        TemplateRun.Render(Echo, "GET /echo? HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public void EchoForwarded() => Assert.Equal(
        "method=GET\nurl=/echo\npath=/echo\nquery_string=\nversion=1.1\nhost=example.org\n" +
        "scheme=https\nip=203.0.113.7\nclient=127.0.0.1\nserver=Tremolo\n",
        TemplateRun.Render(Echo,
            "GET /echo HTTP/1.1\r\nHost: localhost:8000\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n" +
            "X-Forwarded-Proto: https\r\nX-Forwarded-Host: example.org\r\n\r\n"));

    [Fact]
    public void EchoHttp10WithoutHost() => Assert.Equal(
        "method=GET\nurl=/echo\npath=/echo\nquery_string=\nversion=1.0\nhost=\n" +
        "scheme=http\nip=127.0.0.1\nclient=127.0.0.1\nserver=Tremolo\n",
        TemplateRun.Render(Echo, "GET /echo HTTP/1.0\r\n\r\n"));

    [Fact]
    public void QueryValues() => Assert.Equal(
        "a=1\nall_a=1,3\nb=two\nmissing=[]\n",
        TemplateRun.Render(Query, "GET /query?a=1&b=two&a=3 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public void QueryDecoding() => Assert.Equal(
        "a=x y z\u00e9\nall_a=x y z\u00e9\nb=\nmissing=[]\n",
        TemplateRun.Render(Query, "GET /query?a=x+y%20z%C3%A9&b=&a=&missing HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Fact]
    public void CookiesBasic() => Assert.Equal(
        "sid=abc123\nall_a=\ntheme=dark\n",
        TemplateRun.Render(Cookies, "GET /cookies HTTP/1.1\r\nHost: localhost:8000\r\nCookie: sid=abc123; theme=dark\r\n\r\n"));

    [Fact]
    public void CookiesQuotedEncoded() => Assert.Equal(
        "sid=q uoted\nall_a=\ntheme=a=b\n",
        TemplateRun.Render(Cookies, "GET /cookies HTTP/1.1\r\nHost: localhost:8000\r\nCookie: sid=\"q%20uoted\"; theme=a%3Db\r\n\r\n"));

    [Fact]
    public void HeadersBasic() => Assert.Equal(
        "user-agent=parity/1.0\nx-multi=one|two\nx-empty=[]\n",
        TemplateRun.Render(Headers,
            "GET /headers HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: parity/1.0\r\nX-Multi: one\r\nx-multi:   two  \r\nX-Empty: \r\n\r\n"));

    [Fact]
    public void HeadersMissing() => Assert.Equal(
        "user-agent=\nx-multi=\nx-empty=[]\n",
        TemplateRun.Render(Headers, "GET /headers HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"));

    [Theory]
    [InlineData("POST /body HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: 13\r\n\r\nHello, body! ", "POST Hello, body! ")]
    [InlineData("POST /body HTTP/1.1\r\nHost: localhost:8000\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n", "POST Hello, world")]
    [InlineData("GET /body HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", "GET ")]
    public void BodyAsText(string raw, string expected) => Assert.Equal(expected, TemplateRun.Render(Body, raw));

    [Fact]
    public void FormUrlencoded() => Assert.Equal(
        "user=myuser,2! password=my pass",
        TemplateRun.Render(Form,
            "POST /form HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 36\r\n\r\nuser=myuser&password=my+pass&user=2!"));

    [Fact]
    public void HtmlEscaped() => Assert.Equal(
        "<p>&lt;b&gt;&amp;&quot;x</p><pre><b>&\"x</pre>",
        TemplateRun.Render(Html, "GET /html?q=%3Cb%3E%26%22x HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", escapeHtml: true));

    [Fact]
    public void HtmlPlainText() => Assert.Equal(
        "<p>plain</p><pre>plain</pre>",
        TemplateRun.Render(Html, "GET /html?q=plain HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", escapeHtml: true));

    [Fact]
    public void WhoamiClient()
    {
        var request = RawRequest.Parse("GET /whoami HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");
        Assert.Equal("127.0.0.1:54321",
            TemplateRun.Render("{{ request.client.host }}:{{ request.client.port }}", TemplateRun.Scope(request)));
    }
}
