using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// RFC 9112 3 / 3.2: the request-target has no whitespace (docs/deviations.md: "request-target
/// without spaces or CTLs" is a 400). A horizontal tab in the target, found by the mutated
/// requests, was served as part of the path and query.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class Rfc9112_3_RequestTargetWhitespace
{
    [Theory]
    [InlineData("GET /query?q=a%\t20b HTTP/1.0\r\n\r\n", "HTTP/1.0")]
    [InlineData("GET /query\t HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1")]
    [InlineData("GET \t/query HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1")]
    public async Task TabInTheTarget_Is400AndClose(string request, string version)
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /query
                content_type: text/plain
                template: "q={{ query.q }}"
            """);

        var answer = Docs.DocsWire.Normalise(await app.ExchangeAsync(request, ReadUntil.Close));

        Assert.Equal(
            $"{version} 400 Bad Request\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 35\r\nConnection: close\r\nDate: {{DATE}}\r\nServer: Tremolo\r\n\r\nbad request: invalid request target",
            answer);
    }
}
