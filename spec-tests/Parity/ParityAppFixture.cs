namespace Tremolo.SpecTests.Parity;

/// <summary>
/// The server of one corpus app, shared by that app's cases: <see cref="ParityCaseDiscoverer"/>
/// gives each app its own test collection, so xunit makes one fixture per app. Started on the
/// first case (a start failure fails every case of the app with the same message).
/// </summary>
public sealed class ParityAppFixture : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private string? _app;
    private Task<IParityServer>? _server;

    public Task<IParityServer> ServerForAsync(ParityCorpus corpus, string app)
    {
        lock (_gate)
        {
            if (_app is not null && _app != app)
                throw new InvalidOperationException($"one fixture asked for two apps: {_app} and {app}");
            _app = app;
            return _server ??= ParityServerFactory.StartAsync(corpus, app);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is null)
            return;
        await Task.WhenAny(_server);
        // a server that failed to start has nothing to stop (every case reported the failure)
        if (_server.IsCompletedSuccessfully)
            await _server.Result.DisposeAsync();
    }
}
