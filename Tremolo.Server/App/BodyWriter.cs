using System.Buffers;
using Tremolo.Config.Model;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// Writes a response body in buffer_size pieces, throttled to the route's rate (or
/// download_rate): the first second's worth goes at once, the rest at that rate.
/// </summary>
internal static class BodyWriter
{
    public static async ValueTask WriteAsync(HttpContext context, ReadOnlyMemory<byte> data, bool chunked, HandlerOptions options)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (chunked)
        {
            // Tremolo frames a returned body as one chunk, however it splits the writes.
            ResponseWriter.WriteChunkHeader(context.Output, data.Length);
        }

        var rate = options.Rate ?? context.Options.DownloadRate;
        var bufferSize = Math.Max(1, options.BufferSize ?? context.Options.BufferSize);
        if (data.Length <= rate || rate <= 0)
        {
            context.Output.Write(data.Span);
        }
        else
        {
            await ThrottledAsync(context, data, rate, bufferSize);
        }

        if (chunked)
        {
            context.Output.Write("\r\n"u8);
        }
    }

    private static async ValueTask ThrottledAsync(HttpContext context, ReadOnlyMemory<byte> data, long rate, int bufferSize)
    {
        var limiter = new RateLimiter(rate, context.Time);
        long sent = 0;
        while (!data.IsEmpty)
        {
            var piece = data[..Math.Min(bufferSize, data.Length)];
            context.Output.Write(piece.Span);
            await context.FlushAsync();
            sent += piece.Length;
            data = data[piece.Length..];
            await limiter.WaitAsync(sent, context.HandlerAborted);
        }
    }
}
