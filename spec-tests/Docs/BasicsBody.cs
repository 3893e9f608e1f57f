using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// basics/body.md: the login form handler. The handler's three outcomes become one template
/// (the body) and response rules (the status), so each answer keeps the handler's framing:
/// chunked, keep-alive. Multipart (request.files()), request.stream()/read(size) have no
/// YAML form.
/// </summary>
public sealed class BasicsBody : IAsyncLifetime
{
    private const string Yaml = """
        middleware:
          response:
            - when: "request.path == '/login' && request.form.user != null && request.form.password != null && !(request.form.user[0] == 'myuser' && request.form.password[0] == 'mypass')"
              status: 401
              message: Unauthorized
            - when: "request.path == '/login' && (request.form.user == null || request.form.password == null)"
              status: 400
              message: Bad Request
        routes:
          - path: /login
            template: >-
              {{ if request.form.user == null || request.form.password == null }}Bad request.{{
              else if request.form.user[0] == 'myuser' && request.form.password[0] == 'mypass' }}Login success!{{
              else }}Login failed!{{ end }}
        """;

    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Post(string form)
        => $"POST /login HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl/7.74.0\r\nAccept: */*\r\nContent-Length: {form.Length}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{form}";

    private static string Answer(string status, string body)
        => $"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: {{DATE}}\r\nServer: Tremolo\r\n\r\n{body.Length:X}\r\n{body}\r\n0\r\n\r\n";

    [Fact]
    public async Task CurlLogin_RightCredentials_IsLoginSuccess()
        => Assert.Equal(Answer("200 OK", "Login success!"), await DocsWire.AskAsync(_app, Post("user=myuser&password=mypass")));

    [Fact]
    public async Task WrongPassword_IsUnauthorized()
        => Assert.Equal(Answer("401 Unauthorized", "Login failed!"), await DocsWire.AskAsync(_app, Post("user=myuser&password=mypasz")));

    [Fact]
    public async Task MissingField_IsBadRequest()
        => Assert.Equal(Answer("400 Bad Request", "Bad request."), await DocsWire.AskAsync(_app, Post("user=myuser")));
}
