namespace Tremolo.SpecTests.Parity;

/// <summary>
/// Chooses the server under test: our engine in-process, or with TREMOLO_PARITY_CMD set, a
/// command (e.g. the Python twins: 'python3 {app_dir}/app.py --port {port}').
/// </summary>
public static class ParityServerFactory
{
    public const string CommandVariable = "TREMOLO_PARITY_CMD";

    public static async Task<IParityServer> StartAsync(ParityCorpus corpus, string app)
    {
        corpus.PinFileTimes(app);
        string appDir = corpus.AppDir(app);
        string? command = Environment.GetEnvironmentVariable(CommandVariable);
        return string.IsNullOrWhiteSpace(command)
            ? await InProcessServer.StartAsync(app, appDir)
            : await ExternalCommandServer.StartAsync(command, app, appDir);
    }
}
