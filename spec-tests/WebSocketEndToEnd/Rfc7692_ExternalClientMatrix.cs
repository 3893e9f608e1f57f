using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tremolo.SpecTests.Support;
using Xunit.Abstractions;

namespace Tremolo.SpecTests.WebSocketEndToEnd;

/// <summary>
/// The Autobahn testsuite's permessage-deflate groups 12 (five kinds of payload) and 13 (seven
/// offers), 216 cases, run against our echo routes by an independent client: Debian's
/// python3-websockets (Autobahn itself needs Python 2, which Debian no longer has; .ci/run
/// installs the package). The matrix is Autobahn's; only the message count per case is cut
/// (see <see cref="Count"/>). Four offers Autobahn lacks follow as group "13b" (see
/// <see cref="Beyond"/>). Each case: the client's offer is answered as RFC 7692 section 7
/// says, every echo comes back compressed and byte for byte, and the close is a clean 1000.
/// </summary>
public sealed class Rfc7692_ExternalClientMatrix(Rfc7692_ExternalClientMatrix.Run run, ITestOutputHelper output)
    : IClassFixture<Rfc7692_ExternalClientMatrix.Run>
{
    /// <summary>Debian's interpreter: python3-websockets installs for it, not for another python3 on PATH.</summary>
    private const string Python = "/usr/bin/python3";

    private const string Yaml = """
        routes:
          - path: /shared
            websocket: {mode: echo, compression: true}
          - path: /dedicated
            websocket: {mode: echo, compression: dedicated}
        """;

    /// <summary>Autobahn's MSG_SIZES: payload size (characters of text, bytes of binary) and auto-fragment size (0: one frame).</summary>
    private static readonly (int Size, int Fragment)[] Sizes =
    [
        (16, 0), (64, 0), (256, 0), (1024, 0), (4096, 0), (8192, 0), (16384, 0), (32768, 0), (65536, 0), (131072, 0),
        (8192, 256), (16384, 256), (32768, 256), (65536, 256), (131072, 256), (131072, 1024), (131072, 4096), (131072, 32768),
    ];

    /// <summary>Group 12's payloads in Autobahn's order, as seeded stand-ins for its files (the client makes them); text ones go as text messages.</summary>
    private static readonly (string Corpus, bool Binary)[] Payloads =
        [("json", false), ("bitmap", true), ("prose", true), ("html", false), ("incompressible", true)];

    /// <summary>
    /// Group 13's client offers in Autobahn's order, each (server_no_context_takeover,
    /// server_max_window_bits); every offer also says client_no_context_takeover and a bare
    /// client_max_window_bits, as Autobahn's do. Group 12 uses the first.
    /// </summary>
    private static readonly Offer[][] Offers =
    [
        [new(false, null)],
        [new(true, null)],
        [new(false, 9)],
        [new(false, 15)],
        [new(true, 9)],
        [new(true, 15)],
        [new(true, 9), new(true, null), new(false, null)],
    ];

    /// <summary>
    /// Offers past Autobahn's, on the same sizes with its JSON payload: (route, offers, the
    /// index of the one to be accepted).
    /// </summary>
    private static readonly (string Path, Offer[] Offers, int Accepted)[] Beyond =
    [
        // Chromium's offer: the client keeps its context too, so the dedicated inflater is taken over.
        ("/dedicated", [new(false, null, ClientNoContextTakeover: false)], 0),
        // The shared compressor with a 9-bit window.
        ("/shared", [new(false, 9)], 0),
        // A window zlib cannot keep to is declined; the next offer wins (7.1).
        ("/dedicated", [new(false, 8), new(false, null)], 1),
        // The client deflates with a 9-bit window and keeps its context.
        ("/dedicated", [new(false, null, ClientNoContextTakeover: false, ClientMaxWindowBits: 9)], 0),
    ];

    /// <param name="ClientMaxWindowBits">null: the parameter without a value</param>
    public sealed record Offer(bool ServerNoContextTakeover, int? ServerMaxWindowBits, bool ClientNoContextTakeover = true, int? ClientMaxWindowBits = null);

    private sealed record Case(string Id, string Path, string Corpus, bool Binary, int Size, int Fragment, Offer[] Offers, int Accepted = 0)
    {
        public bool Shared => Path == "/shared";
    }

    /// <summary>
    /// Messages per case. Autobahn sends 1000 of every size (about 11 GB for the two groups,
    /// minutes of zlib in Python); here up to 200 small ones and 64 KiB worth of the larger
    /// ones, at least 4, so a dedicated context is still taken over from message to message.
    /// </summary>
    private static int Count(int size) => Math.Clamp(65536 / size, 4, 200);

    /// <summary>Group 12 on the shared compressor, group 13 on a dedicated context (context takeover when the offer allows it).</summary>
    private static readonly Case[] Matrix =
    [
        .. Payloads.SelectMany((payload, j) => Sizes.Select((s, i) =>
            new Case($"12.{j + 1}.{i + 1}", "/shared", payload.Corpus, payload.Binary, s.Size, s.Fragment, Offers[0]))),
        .. Offers.SelectMany((offers, j) => Sizes.Select((s, i) =>
            new Case($"13.{j + 1}.{i + 1}", "/dedicated", "json", false, s.Size, s.Fragment, offers))),
        .. Beyond.SelectMany((beyond, j) => Sizes.Select((s, i) =>
            new Case($"13b.{j + 1}.{i + 1}", beyond.Path, "json", false, s.Size, s.Fragment, beyond.Offers, beyond.Accepted))),
    ];

    public static TheoryData<string> CaseIds => new(Matrix.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void MatrixCase(string id)
    {
        var @case = Matrix.Single(c => c.Id == id);
        Assert.True(run.Reports.TryGetValue(id, out var report), $"no report for {id}; the client said:\n{run.ClientErrors}\nserver log:\n{run.ServerLog}");
        output.WriteLine(report.ToJsonString());
        var status = (string?)report["status"];
        Assert.True(status == "OK", $"{id} {status}: {report["result"]}");

        var agreed = (string?)report["agreed"];
        Assert.Equal(Count(@case.Size), (int?)report["messages"]);
        Assert.Equal(Count(@case.Size), (int?)report["compressed_echoes"]);
        Assert.Null(Section7Violation(agreed, @case));
    }

    /// <summary>
    /// Why <paramref name="response"/> is not a valid acceptance of the offer the case expects
    /// to win (RFC 7692 section 7: the first acceptable one; all of Autobahn's are), or null.
    /// </summary>
    private static string? Section7Violation(string? response, Case @case)
    {
        var elements = response?.Split(';', StringSplitOptions.TrimEntries) ?? [];
        if (elements is not ["permessage-deflate", ..])
            return $"'{response}' is not one permessage-deflate";

        var offer = @case.Offers[@case.Accepted];
        var parameters = new Dictionary<string, string?>();
        foreach (var element in elements[1..])
        {
            var (name, value) = element.Split('=', 2) is [var n, var v] ? (n, v.Trim('"')) : (element, null);
            if (!parameters.TryAdd(name, value))
                return $"{name} twice (7.1)";
        }

        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "server_no_context_takeover" or "client_no_context_takeover" when value is null:
                    break;
                case "server_max_window_bits" when int.TryParse(value, out var bits) && bits >= 8 && bits <= (offer.ServerMaxWindowBits ?? 15):
                    break;
                case "client_max_window_bits" when int.TryParse(value, out var bits) && bits >= 8 && bits <= (offer.ClientMaxWindowBits ?? 15):
                    break; // every offer here has client_max_window_bits, so a value is allowed (7.1.2.2)
                default:
                    return $"{name}={value} is not an answer to the offer (7.1)";
            }
        }

        if (offer.ServerNoContextTakeover && !parameters.ContainsKey("server_no_context_takeover"))
            return "server_no_context_takeover was asked for and not agreed (7.1.1.1)";
        if (offer.ServerMaxWindowBits is not null && !parameters.ContainsKey("server_max_window_bits"))
            return "server_max_window_bits was offered and not answered (7.1.2.1)";
        if (@case.Shared && !(parameters.ContainsKey("server_no_context_takeover") && parameters.ContainsKey("client_no_context_takeover")))
            return "the shared compressor keeps no context: both no_context_takeover parameters belong in its answer";
        return null;
    }

    /// <summary>One run of the whole matrix (one server, one client process) for all the case rows.</summary>
    public sealed class Run : IAsyncLifetime
    {
        public Dictionary<string, JsonObject> Reports { get; } = [];

        public string ClientErrors { get; private set; } = "";

        public string ServerLog { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Assert.True(File.Exists(Python), $"{Python} is missing (.ci/run installs python3-websockets with apt)");
            await using var app = await TestApp.StartAsync(Yaml);
            var request = new JsonObject
            {
                ["port"] = app.Port,
                ["cases"] = new JsonArray([.. Matrix.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["path"] = c.Path,
                    ["dataset"] = c.Corpus,
                    ["binary"] = c.Binary,
                    ["size"] = c.Size,
                    ["count"] = Count(c.Size),
                    ["fragment"] = c.Fragment,
                    ["timeout"] = 60,
                    ["offers"] = new JsonArray([.. c.Offers.Select(o => (JsonNode)new JsonObject
                    {
                        ["server_no_context_takeover"] = o.ServerNoContextTakeover,
                        ["server_max_window_bits"] = o.ServerMaxWindowBits,
                        ["client_no_context_takeover"] = o.ClientNoContextTakeover,
                        ["client_max_window_bits"] = o.ClientMaxWindowBits,
                    })]),
                })]),
            };

            var start = new ProcessStartInfo(Python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "spec-tests", "WebSocketEndToEnd", "Rfc7692_ExternalClientMatrix.py"));
            using var client = Process.Start(start)!;
            await client.StandardInput.WriteAsync(request.ToJsonString());
            client.StandardInput.Close();
            var errors = client.StandardError.ReadToEndAsync();
            try
            {
                while (await client.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5)) is { } line)
                {
                    var report = JsonNode.Parse(line)!.AsObject();
                    Reports[(string)report["id"]!] = report;
                }

                await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                if (!client.HasExited)
                    client.Kill();
                ClientErrors = await errors;
                ServerLog = app.Log;
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
