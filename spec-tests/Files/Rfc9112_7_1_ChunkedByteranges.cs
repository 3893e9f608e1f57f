using System.IO.Pipelines;
using System.Text;
using Tremolo.Server.Files;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// RFC 9112 7.1 chunked framing of a multipart/byteranges body (RFC 9110 14.6), cut the
/// way Tremolo cuts it: one chunk per part head, the part's bytes in 16384-byte chunks,
/// one chunk for the CRLF after them, one for the closing boundary, then the last chunk.
/// Chunk sizes recorded from Python Tremolo 0.5.2 for /blob with bytes=0-19999,0-0.
/// </summary>
public sealed class Rfc9112_7_1_ChunkedByteranges(ParityFilesFolder folder) : IClassFixture<ParityFilesFolder>
{
    [Fact]
    public async Task LargePart_IsSentIn16384ByteChunks()
    {
        var blob = new FileInfo(Path.Combine(folder.Files, "blob.bin"));
        FileResponsePlan plan = FileResponsePlanner.Plan(blob, new FileRequest("GET", "1.1", ["bytes=0-19999,0-0"]), FileResponsePlanner.DefaultContentType);
        byte[] bytes = await FileResponseRenderer.RenderAsync(plan, keepAlive: true);
        int bodyStart = Encoding.Latin1.GetString(bytes).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;

        List<byte[]> chunks = Dechunk(bytes.AsSpan(bodyStart));
        Assert.Equal(["7A", "1", "2", "7E", "4000", "E20", "2", "32", "0"], chunks.Select(c => c.Length.ToString("X")));

        byte[] content = File.ReadAllBytes(blob.FullName);
        Assert.Equal(content[..1], chunks[1]);
        Assert.Equal(content, chunks[4].Concat(chunks[5]).ToArray());
        string boundary = Encoding.Latin1.GetString(chunks[7])[2..^4];
        Assert.Equal(
            $"--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-0/20000\r\n\r\n",
            Encoding.Latin1.GetString(chunks[0]));
        Assert.Equal("\r\n", Encoding.Latin1.GetString(chunks[2]));
    }

    [Fact]
    public async Task BufferSize_SetsTheChunkSize()
    {
        FileInfo file = folder.Add("ten.txt", "0123456789"u8.ToArray());
        FileResponsePlan plan = FileResponsePlanner.Plan(file, new FileRequest("GET", "1.1", ["bytes=0-9,0-0"]), "text/plain");
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await FileBodyWriter.WriteAsync(plan, new PipeBodyOutput(pipe.Writer), bufferSize: 4);
        await pipe.Writer.CompleteAsync();
        byte[] body = System.Buffers.BuffersExtensions.ToArray((await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer);

        List<byte[]> chunks = Dechunk(body);
        Assert.Equal(["1", "2", "4", "4", "2", "2", "32", "0"], chunks.Where((_, i) => i is 1 or 2 or 4 or 5 or 6 or 7 or 8 or 9).Select(c => c.Length.ToString("X")));
    }

    [Fact]
    public async Task FileShorterThanPlanned_Throws()
    {
        FileInfo file = folder.Add("shrinks.txt", "0123456789"u8.ToArray());
        FileResponsePlan plan = FileResponsePlanner.Plan(file, new FileRequest("GET", "1.1"), "text/plain");
        File.WriteAllBytes(file.FullName, "01234"u8.ToArray());
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await Assert.ThrowsAsync<IOException>(async () => await FileBodyWriter.WriteAsync(plan, new PipeBodyOutput(pipe.Writer)));
    }

    /// <summary>The chunks' data, in order, the last (empty) one included; the framing ends the bytes.</summary>
    private static List<byte[]> Dechunk(ReadOnlySpan<byte> body)
    {
        var chunks = ChunkedBody.Chunks(body, out var used);
        Assert.True(ChunkedBody.Ended(chunks));
        Assert.Equal(body.Length, used);
        return chunks;
    }
}
