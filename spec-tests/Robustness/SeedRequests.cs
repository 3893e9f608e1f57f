using System.Text;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Robustness;

/// <summary>The app the mutated requests are sent to, and the well-formed requests they start from.</summary>
public static class SeedRequests
{
    public const string Yaml = """
        server:
          request_timeout: 3
          keepalive_timeout: 3
          client_max_body_size: 65536
        routes:
          - path: /hello
            body: Hello world!
          - path: /echo
            content_type: text/plain
            template: "{{ request.method }} {{ request.body }}"
          - path: /form
            content_type: text/plain
            template: "user={{ request.form.user | array.join ',' }}"
          - path: /query
            content_type: text/plain
            template: "q={{ query.q }} all={{ request.query.q | array.join ',' }} c={{ cookies.c }}"
          - path: '^/page/(?P<id>\d+)$'
            template: "page {{ params.id }}"
          - path: /sse
            sse:
              events:
                - {data: "one\ntwo", event: greeting, id: "1"}
          - path: /ws
            websocket: {mode: echo, format: "You said: {{ message }}"}
        """;

    private static readonly byte[] MaskedHello = WsCodec.Text("Hello");

    /// <summary>Each seed as sent; every one is well-formed and answered 200 (101 for the upgrade).</summary>
    public static readonly IReadOnlyList<byte[]> All =
    [
        Latin1("GET /hello HTTP/1.1\r\nHost: localhost\r\nUser-Agent: fuzz/1.0\r\nAccept: */*\r\n\r\n"),
        Latin1("GET /query?q=a%20b&q=c HTTP/1.0\r\nCookie: c=1; d=2\r\n\r\n"),
        Latin1("HEAD /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        Latin1("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world"),
        Latin1("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
        Latin1("POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 16\r\nExpect: 100-continue\r\n\r\nuser=me&user=you"),
        Latin1("GET /page/12 HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        Latin1("GET /sse HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"),
        [.. Latin1("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), .. MaskedHello],
    ];

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
