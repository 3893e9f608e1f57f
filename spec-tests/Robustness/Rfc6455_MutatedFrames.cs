using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// RFC 6455 5 and 7, SPEC 7: after a valid handshake, 3,000 damaged client frame sequences
/// (seeded). Every answer is the 101 and then only valid server frames (a close code a server
/// may send), the server closes when the client has, nothing is logged as an error, and no
/// socket is left behind.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed partial class Rfc6455_MutatedFrames(ITestOutputHelper output)
{
    // Fixed, so a failure reproduces; TREMOLO_FUZZ_SEED explores others.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("TREMOLO_FUZZ_SEED"), out var seed) ? seed : 6455;
    private const int Sequences = 3000;
    private const int Workers = 16;

    private const string Handshake = "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    private const string Accepted = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nDate: {DATE}\r\nServer: Tremolo\r\nConnection: upgrade\r\n\r\n";

    private static readonly byte[][] Seeds =
    [
        WsCodec.Text("Hello"),
        [.. WsCodec.Text("Hel", fin: false), .. WsCodec.Encode(WsOpcode.Continuation, "lo"u8.ToArray())],
        [.. WsCodec.Encode(WsOpcode.Ping, "ping"u8.ToArray()), .. WsCodec.Text("after the ping")],
        WsCodec.Encode(WsOpcode.Binary, [.. Enumerable.Range(0, 200).Select(i => (byte)i)]),
        WsCodec.Text("h\u00e9llo w\u00f6rld \u2603"),
        [.. WsCodec.Text("bye"), .. WsCodec.Close(1000, "done")],
    ];

    [GeneratedRegex(@"\r\nDate: [^\r\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex DateHeader();

    [Fact]
    public async Task DamagedFrames_GetValidFramesOrACloseCode_AndLeaveNothingBehind()
    {
        await using var app = await TestApp.StartAsync("""
            routes:
              - path: /ws
                websocket:
                  mode: echo
                  format: "You said: {{ message }}"
                  max_payload_size: 4096
            """);
        int baseline = OpenSockets.Count();
        var handshake = Encoding.Latin1.GetBytes(Handshake);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        // how the server ended each exchange that ended with a 2-byte close frame, by code - 1000
        var closeCodes = new int[16];
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < Sequences)
            {
                var random = new Random(Seed + index);
                var frames = RequestMutator.Mutate(Seeds[random.Next(Seeds.Length)], random);
                var answer = await OneShotExchange.RunAsync(app.Port, [.. handshake, .. frames], halfClose: true, TimeSpan.FromSeconds(5));
                int headEnd = answer.Data.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
                var head = DateHeader().Replace(Encoding.Latin1.GetString(answer.Data, 0, Math.Max(0, headEnd)), "\r\nDate: {DATE}");
                var after = answer.Data.AsSpan(Math.Max(0, headEnd));
                string? why = !answer.Closed ? "not closed after the client's end"
                    : head != Accepted ? "no 101"
                    : ServerFrames.Check(after);
                if (why is not null)
                    failures.Add($"#{index}: {why}: {Convert.ToHexString(frames)} -> {Regex.Escape(Encoding.Latin1.GetString(answer.Data))}");
                else if (after.Length >= 4 && after[^4] == 0x88)
                    Interlocked.Increment(ref closeCodes[Math.Clamp((after[^2] << 8 | after[^1]) - 1000, 0, 15)]);
            }
        })));

        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, e.g.\n{string.Join("\n", failures.Take(10))}");
        output.WriteLine(string.Join(", ", closeCodes.Select((n, i) => n > 0 ? $"{1000 + i}: {n}" : null).OfType<string>()));
        // the damage reaches the protocol checks, not only the transport
        Assert.True(closeCodes[2] > Sequences / 20, "close 1002 (protocol error) is common");
        Assert.Empty(ServerLogLines.AtLevel(app.Log, "ERROR"));
        int settled = await OpenSockets.SettleAtMostAsync(baseline + 2, TimeSpan.FromSeconds(10));
        Assert.True(settled <= baseline + 2, $"{settled} sockets open after the run, {baseline} before");
    }
}
