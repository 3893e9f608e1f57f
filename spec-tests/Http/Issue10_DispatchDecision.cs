using System.Buffers;
using System.Text;
using Tremolo.Config.Routing;
using Tremolo.Server.App;
using Tremolo.Server.Http;
using Tremolo.SpecTests.Config;

namespace Tremolo.SpecTests.Http;

/// <summary>
/// Issue 10's dispatch model (docs/architecture.md): only a plain route's literal answer with no
/// middleware on its path is made on the socket engine thread; anything whose cost depends on
/// the config or the request goes to the thread pool.
/// </summary>
public sealed class Issue10_DispatchDecision : IDisposable
{
    private const string Yaml = """
        routes:
          - {path: /hello, body: Hello World!}
          - {path: /headers, body: x, headers: {X-Fixed: one}}
          - {path: /templated-header, body: x, headers: {X-Path: "{{ request.path }}"}}
          - {path: /page, template: "{{ request.path }}"}
          - {path: '^/regex$', body: x}
          - {path: /file, file: tremolo.yaml}
          - {path: /ws, websocket: {mode: echo}}
          - {path: /encoded, body: x, encode: [gzip]}
          - path: /methods
            methods: {get: {body: x}, post: {template: "{{ request.body }}"}}
        mount:
          - prefix: /ruled
            app:
              middleware:
                request:
                  - {when: "request.method == 'DELETE'", status: 405, body: no}
              routes:
                - {path: /x, body: x}
        """;

    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("GET /hello HTTP/1.1", true)]
    [InlineData("HEAD /hello/?x=1 HTTP/1.1", true)]
    [InlineData("GET /headers HTTP/1.1", true)]
    [InlineData("GET /methods HTTP/1.1", true)]
    [InlineData("POST /methods HTTP/1.1", false)]
    [InlineData("GET /templated-header HTTP/1.1", false)]
    [InlineData("GET /page HTTP/1.1", false)]
    [InlineData("GET /regex HTTP/1.1", false)]
    [InlineData("GET /file HTTP/1.1", false)]
    [InlineData("GET /ws HTTP/1.1", false)]
    [InlineData("GET /encoded HTTP/1.1", false)]
    [InlineData("GET /nowhere HTTP/1.1", false)]
    [InlineData("GET /ruled/x HTTP/1.1", false)]
    public void OnlyLiteralAnswersOfPlainRoutesRunOnTheEngineThread(string requestLine, bool cheap)
    {
        _folder.Write("tremolo.yaml", Yaml);
        var result = _folder.Load();
        Assert.Empty(result.Errors);
        var document = result.Document!;
        var app = new AppRuntime(RouteTableBuilder.Build(document.App), document.Server, upgrades: null!);

        // No connection behind it: sizing a request reads its head alone.
        var context = new HttpContext(connection: null!);
        RequestHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(requestLine + "\r\nHost: h\r\n")), context.Head);

        Assert.Equal(cheap, app.IsCheap(context));
    }
}
