using System.Globalization;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// SPEC section 1, wire parity: every case of the recorded corpus (shared/parity) replayed
/// against our server must come back byte for byte as Python Tremolo answered, after the
/// corpus's normalisation. TREMOLO_PARITY_CMD runs another server instead (e.g. the Python
/// twins, to check this runner); TREMOLO_PARITY_SCALE stretches every read wait.
/// </summary>
public sealed class Spec1_WireParity(ParityAppFixture fixture) : IClassFixture<ParityAppFixture>
{
    private static readonly double Scale = double.TryParse(
        Environment.GetEnvironmentVariable("TREMOLO_PARITY_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) ? scale : 1.0;

    [ParityCases]
    public async Task MatchesRecording(string id)
    {
        var corpus = ParityCorpus.Locate(out string error) ?? throw new InvalidOperationException(error);
        int slash = id.IndexOf('/');
        string app = id[..slash], name = id[(slash + 1)..];
        var server = await fixture.ServerForAsync(corpus, app);
        var @case = CorpusCase.Load(corpus.CasePath(app, name));
        // A case where we deliberately answer otherwise (docs/deviations.md) is held to our recording;
        // another server (the Python twins) to Tremolo's.
        string deviationPath = Path.Combine(ParityCorpus.DeviationsDir(app), name + ".expected");
        bool deviates = server is InProcessServer && File.Exists(deviationPath);
        string expectedPath = deviates ? deviationPath
            : corpus.IsDeviationCase(app, name) ? Path.Combine(ParityCorpus.DeviationsDir(app), name + ".tremolo.expected")
            : corpus.ExpectedPath(app, name);
        Assert.True(File.Exists(expectedPath), $"no .expected file: {expectedPath}");
        var expected = ExpectedResult.Load(expectedPath);

        var actual = Normaliser.Normalise(await CaseReplayer.RunAsync(server.Port, @case, Scale));

        if (!actual.Matches(expected))
        {
            var diff = LineDiff.Unified(expected.Render(), actual.Render());
            Assert.Fail($"{id}{(deviates ? " (documented deviation)" : "")}: {@case.Description}\nserver: {server.Description}\n--- expected\n+++ actual\n{string.Join('\n', diff)}");
        }
    }
}
