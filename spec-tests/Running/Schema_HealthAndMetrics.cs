using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// schema.md body forms `health` and `metrics`: health is 200 "ok" while serving and 503 for a
/// request still being answered once a drain has begun; metrics is the meter `Tremolo` in the
/// Prometheus text format, as `promtool check metrics` (Debian's prometheus package) accepts it.
/// </summary>
public sealed class Schema_HealthAndMetrics
{
    private const string Yaml =
        "routes:\n  - {path: /, body: hello}\n  - {path: /health, health: true}\n  - {path: /metrics, metrics: true}\n" +
        "middleware:\n  request:\n    - when: \"request.body == 'never'\"\n      status: 400\n      body: never\n";

    [Fact]
    public async Task HealthIsOkWhileServing()
    {
        await using var app = await TestApp.StartAsync(Yaml);

        var response = await app.GetAsync("/health");

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", response);
        Assert.Contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", response);
        Assert.Equal("ok", TestApp.BodyOf(response));
    }

    [Fact]
    public async Task HealthIs503ForARequestOnAConnectionStillOpenDuringTheDrain()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        using var client = await RawHttpClient.ConnectAsync(app.Port);
        // The rule reads the body: the "100 Continue" says the request is in the server's hands.
        await client.SendAsync("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.Latin1.GetString(await client.ReadAsync(ReadUntil.Bytes, count: 25, timeout: TimeSpan.FromSeconds(10))));

        var stopping = app.Host.StopAsync();
        await client.SendAsync("body");
        var response = await client.ReadToCloseAsync(TimeSpan.FromSeconds(10));
        await stopping;

        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", response);
        Assert.EndsWith("draining\r\n0\r\n\r\n", response);
    }

    [Fact]
    public async Task MetricsPassPromtoolAndCountWhatWasServed()
    {
        await using var app = await TestApp.StartAsync(Yaml);
        await app.GetAsync("/");
        await app.GetAsync("/missing");

        var response = await app.GetAsync("/metrics");

        Assert.Contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n", response);
        var text = TestApp.BodyOf(response);
        foreach (var name in new[] { "connections_active", "connections_accepted", "connections_rejected", "websocket_sessions", "messages_received", "messages_sent", "bytes_sent", "channel_members", "channel_members_dropped", "reloads" })
            Assert.Contains($"\n# TYPE tremolo_{name} ", text);
        Assert.Matches(@"\ntremolo_requests\{status_class=""2xx""\} [1-9]", text);
        Assert.Matches(@"\ntremolo_requests\{status_class=""4xx""\} [1-9]", text);
        // .NET's own meter: how much of the process is managed heap (docs/running.md, Metrics).
        Assert.Matches(@"\nsystem_runtime_dotnet_gc_last_collection_heap_size\{gc_heap_generation=""gen0""\} \d", text);
        Assert.Matches(@"\nsystem_runtime_dotnet_process_memory_working_set [1-9]", text);
        Assert.Equal("", await PromtoolAsync(text));

        // The duration histogram counts from the first scrape on (docs/running.md, Metrics), by
        // status class; the meter is the process's, so other tests' requests count too.
        var missingBefore = DurationCount(text, "4xx");
        await app.GetAsync("/missing");
        text = TestApp.BodyOf(await app.GetAsync("/metrics"));
        Assert.True(DurationCount(text, "4xx") > missingBefore, text);
        Assert.True(DurationCount(text, "2xx") > 0, text);
        Assert.Matches(@"\ntremolo_request_duration_bucket\{status_class=""4xx"",le=""\+Inf""\} [1-9]", text);
        Assert.Equal("", await PromtoolAsync(text));
    }

    /// <summary>The request duration histogram's count for a status class in a scrape (0 without its line).</summary>
    private static long DurationCount(string text, string statusClass) =>
        Regex.Match(text, $@"\ntremolo_request_duration_count\{{status_class=""{statusClass}""\}} (\d+)\n") is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>`promtool check metrics` on the text: what it complains of ("" when it passes).</summary>
    private static async Task<string> PromtoolAsync(string text)
    {
        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return promtool.ExitCode == 0 ? output : $"exit {promtool.ExitCode}: {output}";
    }
}
