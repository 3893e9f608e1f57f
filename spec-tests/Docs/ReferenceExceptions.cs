using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// reference/exceptions: `raise ServiceUnavailable` (plain and fine-tuned) and the catch-all
/// `@app.error(400/404/405/500)` hook returning str(exc) as text/plain. A hook that returns
/// None and only edits `exc`, and custom HTTPException subclasses, have no YAML form beyond
/// `error: {code, message}`.
/// </summary>
public sealed class ReferenceExceptions
{
    [Fact]
    public async Task RaiseServiceUnavailable_IsThePlain503Page()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /hello
                error: 503
            """);

        var answer = await DocsWire.AskAsync(app, "GET /hello HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 19\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "Service Unavailable<EOF>",
            answer);
    }

    [Fact]
    public async Task FineTunedServiceUnavailable_IsUnderMaintenance()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /hello
                error:
                  code: 503
                  message: Under Maintenance
                  body: Site down for maintenance
                  content_type: text/plain
            """);

        var answer = await DocsWire.AskAsync(app, "GET /hello HTTP/1.1\r\nHost: localhost:8000\r\n\r\n");

        Assert.Equal(
            "HTTP/1.1 503 Under Maintenance\r\nContent-Type: text/plain\r\nContent-Length: 25\r\nConnection: close\r\nDate: {DATE}\r\nServer: Tremolo\r\n\r\n"
            + "Site down for maintenance<EOF>",
            answer);
    }

    public sealed class CatchAllHook : IAsyncLifetime
    {
        // One page per hooked code; 503 has no hook of its own and falls back to the 500 page.
        private const string Page = "{content_type: text/plain, template: \"{{ exc.text }}\"}";

        private TestApp _app = null!;

        public async Task InitializeAsync() => _app = await TestApp.StartAsync($$"""
            errors:
              400: {{Page}}
              404: {{Page}}
              405: {{Page}}
              500: {{Page}}
            routes:
              - path: /bad
                error: 400
              - path: /down
                error: 503
              - path: /cbv
                methods:
                  get: {body: ok}
            """);

        public async Task DisposeAsync() => await _app.DisposeAsync();

        [Theory]
        [InlineData("GET /bad", "400 Bad Request", "Bad Request", "")]
        [InlineData("GET /nope", "404 Not Found", "Not Found", "")]
        [InlineData("PUT /cbv", "405 Method Not Allowed", "Method Not Allowed", "Allow: GET\r\n")]
        [InlineData("GET /down", "503 Service Unavailable", "Service Unavailable", "")]
        public async Task EveryHookedError_IsStrOfExcAsPlainText(string requestLine, string status, string text, string allow)
        {
            var answer = await DocsWire.AskAsync(_app, $"{requestLine} HTTP/1.1\r\nHost: x\r\n\r\n");

            Assert.Equal(
                $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {text.Length}\r\nConnection: close\r\n{allow}Date: {{DATE}}\r\nServer: Tremolo\r\n\r\n{text}<EOF>",
                answer);
        }
    }
}
