using System.Text.Json;
using System.Text.RegularExpressions;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `limit_memory`: past the limit (KiB) Tremolo restarts the worker. A worker
/// of worker_num exits (status 1, as Tremolo's) and its supervisor starts a fresh one; a
/// process serving on its own is its own worker: its connections are dropped and its heap
/// compacted, while the listeners stay open.
/// </summary>
public sealed class Configuration_LimitMemory
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PastTheLimitConnectionsAreDroppedAndServingGoesOn()
    {
        // 1 KiB: always exceeded.
        await using var app = await TestApp.StartAsync("server: {limit_memory: 1}\nroutes:\n  - {path: /, body: hi}\n");
        using var open = await RawHttpClient.ConnectAsync(app.Port);
        await open.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.NotEmpty(await open.ReadAsync());

        // The watchdog checks once a second; a loaded machine may take far longer to get there.
        await open.ReadToCloseAsync(Patience);

        Assert.True(open.Eof);
        Assert.Matches(@"tremolo: ERROR: memory limit exceeded \(\d+ KiB > limit_memory=1\): dropping every connection\n", app.Log);
        Assert.Equal("hi", TestApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public async Task InAWorkerPastTheLimit_TheWorkerExits_AndTheSupervisorStartsAFreshOne()
    {
        // 1 KiB: every worker passes it within a second of starting, and goes.
        using var serve = ServeProcess.Of("routes:\n  - {path: /, body: hi}\n", "--worker-num", "1", "--limit-memory", "1", "--log-format", "json");
        await serve.WaitForOutputAsync("is running 1 worker process", Patience);
        var first = PidOf(Configuration_WorkerNum.Records(serve).First(r => Message(r).Contains("is listening on")));

        await serve.WaitForOutputAsync("is serving again", Patience);

        var records = Configuration_WorkerNum.Records(serve);
        Assert.Contains(records, r => PidOf(r) == first
            && Regex.IsMatch(Message(r), @"^memory limit exceeded \(\d+ KiB > limit_memory=1\): the worker exits for its supervisor to start a fresh one$"));
        Assert.Contains(records, r => Message(r) == $"worker 1 (pid {first}) died (exit status 1); starting it again in 0.25 s");
        Assert.Contains(Configuration_WorkerNum.ListeningPids(serve), pid => pid != first);
        Assert.Null(await serve.ExitCodeAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task WithoutALimitNothingIsDropped()
    {
        await using var app = await TestApp.StartAsync("routes:\n  - {path: /, body: hi}\n");
        using var open = await RawHttpClient.ConnectAsync(app.Port);
        await open.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.NotEmpty(await open.ReadAsync());

        // The witness: a server with a limit beside it drops its connection once its watchdog
        // has checked, however long a loaded machine takes for that; this one kept its own.
        await using var limited = await TestApp.StartAsync("server: {limit_memory: 1}\nroutes:\n  - {path: /, body: hi}\n");
        using var witness = await RawHttpClient.ConnectAsync(limited.Port);
        await witness.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.NotEmpty(await witness.ReadAsync());
        await witness.ReadToCloseAsync(Patience);
        Assert.True(witness.Eof);

        Assert.Empty(await open.ReadAsync(ReadUntil.Idle, firstByte: TimeSpan.FromSeconds(1.5)));
        Assert.False(open.Eof);
    }

    private static string Message(JsonElement record) => record.GetProperty("message").GetString()!;

    /// <summary>The worker's pid a JSON line carries; 0 for the supervisor's own lines.</summary>
    private static int PidOf(JsonElement record) => record.TryGetProperty("pid", out var pid) ? pid.GetInt32() : 0;
}
