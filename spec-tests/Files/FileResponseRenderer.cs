using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// Turns a plan into the bytes the engine sends, with the corpus' normalised Date and
/// Tremolo's Server header; an error plan becomes Tremolo's error response form.
/// </summary>
public static partial class FileResponseRenderer
{
    public static async Task<byte[]> RenderAsync(FileResponsePlan plan, bool keepAlive)
    {
        if (plan.Error is { } error)
        {
            byte[] text = Encoding.UTF8.GetBytes(error.Text);
            string head = $"HTTP/{plan.Version} {error.Code} {error.Message}\r\nContent-Type: text/html; charset=utf-8\r\n"
                + $"Content-Length: {text.Length}\r\nConnection: close\r\nDate: {{DATE}}\r\nServer: Tremolo\r\n\r\n";
            return [.. Encoding.Latin1.GetBytes(head), .. text];
        }

        var output = new ArrayBufferWriter<byte>();
        string connection = keepAlive ? "keep-alive" : "close";
        FileResponseHead.Write(output, plan, Encoding.Latin1.GetBytes($"Date: {{DATE}}\r\nServer: Tremolo\r\nConnection: {connection}\r\n"));

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await FileBodyWriter.WriteAsync(plan, new PipeBodyOutput(pipe.Writer));
        await pipe.Writer.CompleteAsync();
        ReadResult read = await pipe.Reader.ReadAsync();
        while (!read.IsCompleted)
        {
            pipe.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await pipe.Reader.ReadAsync();
        }

        output.Write(read.Buffer.ToArray());
        await pipe.Reader.CompleteAsync();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Replaces the multipart boundary with {BOUNDARY} as the corpus does, after checking
    /// it has Tremolo's shape.
    /// </summary>
    public static string NormaliseBoundary(string text)
    {
        Match match = BoundaryParameter().Match(text);
        if (!match.Success)
        {
            return text;
        }

        string boundary = match.Groups[1].Value;
        Assert.Matches("^----Boundary[A-Za-z0-9_-]{32}$", boundary);
        return text.Replace(boundary, "{BOUNDARY}");
    }

    [GeneratedRegex("boundary=([^\\r\\n;]{44})")]
    private static partial Regex BoundaryParameter();
}
