namespace Tremolo.SpecTests.Config;

/// <summary>Issue 2's acceptance: a file with five different mistakes reports all five, each at its place.</summary>
public sealed class Spec4_FiveMistakes : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FiveMistakesFivePositions()
    {
        var yaml = """
            server:
              port: abc
            rout: []
            routes:
              - path: /a
                body: x
                template: y
              - path: /b
                status: 700
                body: b
              - path: /ws
                websocket: {mode: chat}
            """;
        Assert.Equal(
            [
                "tremolo.yaml:2:9: 'abc' is not a port",
                "tremolo.yaml:3:1: unknown key 'rout'; did you mean 'routes'?",
                "tremolo.yaml:7:5: two body forms in one RESPONSE: 'body' and 'template'; keep one",
                "tremolo.yaml:9:13: '700' is not a status code (100-599)",
                "tremolo.yaml:12:23: websocket mode 'chat' is not one of: echo, broadcast",
            ],
            _folder.Errors(yaml));
    }
}
