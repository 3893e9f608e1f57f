using System.Buffers;
using System.Text;
using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Issue 17: seeded fuzzing of the chunked decoder (RFC 9112 7.1). Random bodies, encoded
/// with random chunk sizes, valid extensions and trailers and fed in random pieces, decode
/// to the same bytes; random corruptions of such framing end in a 400 or in a wait for more
/// input, never in another exception, a loop, or bytes that were not sent. Fixed seeds.
/// </summary>
public sealed class Fuzz_ChunkedFraming
{
    private const int Rounds = 400;

    private static readonly string[] Extensions = ["", ";a", ";a=b", " ;x = \"q \\\"d\"", ";n=1;m", "\t;k=v"];

    private static readonly string[] Trailers = ["", "X-A: 1\r\n", "X-Checksum: abc\r\nB:\r\n"];

    [Fact]
    public void EncodedThenDecoded_GivesTheSameBytes()
    {
        var random = new Random(9112);
        for (var round = 0; round < Rounds; round++)
        {
            var body = new byte[random.Next(0, 5000)];
            random.NextBytes(body);
            var framing = Encode(body, random);

            var decoded = DecodeInPieces(framing, random, out var error);

            Assert.True(error is null, $"round {round}: {error}");
            Assert.Equal(body, decoded);
        }
    }

    [Fact]
    public void CorruptedFraming_Is400OrWaits_NeverAnythingElse()
    {
        var random = new Random(7101);
        for (var round = 0; round < Rounds; round++)
        {
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            var framing = Encode(body, random);
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                framing[random.Next(framing.Length)] = (byte)"\r\n;=\" \t0fF:\u0001\u007f"[random.Next(13)];
            }

            var decoded = DecodeInPieces(framing, random, out var error);

            // A 400 (HttpError) is fine, a completed body fine, a wait fine; the body never grows past the input.
            Assert.True(decoded.Length <= framing.Length, $"round {round}: {decoded.Length} bytes out of {framing.Length}");
            Assert.True(error is null or { Code: 400 }, $"round {round}: {error}");
        }
    }

    private static byte[] Encode(byte[] body, Random random)
    {
        var text = new MemoryStream();
        var offset = 0;
        while (offset < body.Length)
        {
            var size = Math.Min(body.Length - offset, random.Next(1, 700));
            Write(text, $"{size:x}{Extensions[random.Next(Extensions.Length)]}\r\n");
            text.Write(body, offset, size);
            Write(text, "\r\n");
            offset += size;
        }

        Write(text, $"0{Extensions[random.Next(Extensions.Length)]}\r\n{Trailers[random.Next(Trailers.Length)]}\r\n");
        return text.ToArray();
    }

    private static void Write(Stream stream, string latin1) => stream.Write(Encoding.Latin1.GetBytes(latin1));

    /// <summary>Feeds the framing in random pieces, keeping what the decoder did not consume, as the connection does.</summary>
    private static byte[] DecodeInPieces(byte[] framing, Random random, out HttpError? error)
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new ArrayBufferWriter<byte>();
        var pending = Array.Empty<byte>();
        var sent = 0;
        error = null;
        try
        {
            while (sent < framing.Length && !decoder.IsComplete)
            {
                var piece = Math.Min(framing.Length - sent, random.Next(1, 200));
                var input = pending.Concat(framing.Skip(sent).Take(piece)).ToArray();
                sent += piece;
                var sequence = new ReadOnlySequence<byte>(input);
                var consumed = decoder.Decode(sequence, output);
                pending = sequence.Slice(consumed).ToArray();
            }
        }
        catch (HttpError e)
        {
            error = e;
        }

        return output.WrittenSpan.ToArray();
    }
}
