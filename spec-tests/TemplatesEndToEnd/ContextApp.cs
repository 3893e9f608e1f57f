using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>One app whose routes echo every name of the SPEC 4.1 context, shared by a test class.</summary>
public sealed class ContextApp : IAsyncLifetime
{
    public const string Yaml = """
        server:
          server_name: EndToEnd
        middleware:
          response:
            - when: "response.status == 201"
              headers:
                X-Seen: "{{ response.status }} {{ response.message }} {{ response.headers['x-id'] | array.join ',' }} {{ response.content_type }}"
        errors:
          503:
            content_type: text/plain
            template: "exc={{ exc.code }}|{{ exc.message }}|{{ exc.text }} response={{ response.status }}|{{ response.message }}|{{ response.content_type }} path={{ request.path }}"
          405:
            template: "exc={{ exc.code }}|{{ exc.message }}|{{ exc.text }} response={{ response.status }}|{{ response.message }}|{{ response.content_type }}"
        routes:
          - path: /echo
            content_type: text/plain
            template: "method={{ request.method }}|url={{ request.url }}|path={{ request.path }}|query_string={{ request.query_string }}|version={{ request.version }}|scheme={{ request.scheme }}|host={{ request.host }}|ip={{ request.ip }}|client={{ request.client.host }}:{{ request.client.port }}|server={{ server.name }}"
          - path: /lists
            content_type: text/plain
            template: "query={{ request.query.a | array.join ',' }}|cookies={{ request.cookies.a | array.join ',' }}|headers={{ request.headers['x-multi'] | array.join ',' }}|sizes={{ request.query.a | array.size }},{{ request.cookies.a | array.size }},{{ request.headers['x-multi'] | array.size }}"
          - path: /maps
            content_type: text/plain
            template: "query={{ query.a }}|cookies={{ cookies.a }}|headers={{ headers['x-multi'] }}|missing=[{{ query.nope }}{{ cookies.nope }}{{ headers['x-nope'] }}]"
          - path: /form
            methods:
              post: {content_type: text/plain, template: "a={{ request.form.a | array.join ',' }}|b={{ request.form.b | array.join ',' }}"}
          - path: /body
            content_type: text/plain
            template: "[{{ request.body }}]"
          - path: '^/page/(?P<page_id>\d+)/(?P<slug>[a-z]+)'
            content_type: text/plain
            template: "{{ params.page_id }}|{{ request.params.slug }}|[{{ params.missing }}]"
          - path: /created
            status: 201
            message: Created
            content_type: text/plain
            headers: {X-Id: "7"}
            body: made
          - path: /down
            error: {code: 503, message: Down For Now, body: planned}
          - path: /only-get
            methods:
              get: {body: got}
          - path: /time
            content_type: text/plain
            template: "{{ time }}"
          - path: '^/room/(?P<room>[a-z]+)'
            websocket:
              mode: broadcast
              channel: "room-{{ params.room }}"
              greeting: "hello {{ client.port }} in {{ channel }}"
              format: "{{ message }}|{{ client.host }}:{{ client.port }}|{{ channel }}|{{ query.tag }}"
        """;

    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(Yaml);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
