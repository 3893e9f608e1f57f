using System.IO.Pipelines;
using Tremolo.Server.Http;
using Tremolo.Server.Transport;

namespace Tremolo.SpecTests.Files;

/// <summary>A file body's output over a test pipe, flushed through the engine's flusher as on a connection.</summary>
internal sealed class PipeBodyOutput(PipeWriter writer) : IBodyOutput
{
    private readonly OutputFlusher _flusher = new(writer, TimeProvider.System, TimeSpan.FromSeconds(30));

    public PipeWriter Output => _flusher.Output;

    public TimeProvider Time => _flusher.Time;

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => _flusher.FlushAsync(cancellationToken);
}
