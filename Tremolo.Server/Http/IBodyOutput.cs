using System.IO.Pipelines;

namespace Tremolo.Server.Http;

/// <summary>
/// What a body streamed in pieces (a file) needs of a connection's output: where to write, a
/// flush that carries the send deadline and says when to stop (the peer is gone, the write was
/// cancelled), and the clock its throttle reads. <see cref="HttpContext"/> is one: it offers
/// the transport's flusher without the app seeing the transport.
/// </summary>
internal interface IBodyOutput
{
    PipeWriter Output { get; }

    TimeProvider Time { get; }

    /// <summary>Flushes what was written, bounded by the send timeout.</summary>
    ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken);
}
