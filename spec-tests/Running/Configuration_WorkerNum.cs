namespace Tremolo.SpecTests.Running;

/// <summary>
/// configuration.md `worker_num` and `log_fmt`: one process serves on every core, so a
/// worker_num above 1 is logged as ignored (not an error); log lines follow log_fmt.
/// </summary>
public sealed class Configuration_WorkerNum
{
    private const string Routes = "routes:\n  - {path: /, body: hi}\n";

    [Fact]
    public async Task MoreWorkersAreIgnoredWithAWarning()
    {
        await using var app = await RunningApp.StartAsync(Routes, null, "--worker-num", "4");

        Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] tremolo: WARNING: worker_num=4 is ignored: one process serves every connection on all cores\n", app.Log);
        Assert.Equal("hi", RunningApp.BodyOf(await app.GetAsync("/")));
    }

    [Fact]
    public async Task OneWorkerSaysNothing()
    {
        await using var app = await RunningApp.StartAsync(Routes);

        Assert.DoesNotContain("worker_num", app.Log);
    }

    [Fact]
    public async Task LogFmtShapesEachLine()
    {
        await using var app = await RunningApp.StartAsync(
            "server:\n  worker_num: 2\n  log_fmt: '%(levelname)s|%(levelno)d|%(name)s|%(message)s|100%%|%(unknown)s'\n" + Routes);

        Assert.StartsWith("WARNING|30|tremolo|worker_num=2 is ignored: one process serves every connection on all cores|100%|%(unknown)s\n", app.Log);
    }
}
