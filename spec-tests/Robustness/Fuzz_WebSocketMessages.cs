using System.Buffers;
using System.Text;
using Tremolo.Server.WebSockets;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.WebSockets;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Issue 17: seeded fuzzing of WebSocket message content (RFC 6455 5). Random text (any
/// Unicode) and binary messages, fragmented at random with pings between fragments and fed
/// in random pieces, come out whole and in order; random corruptions of the same frames end
/// in a failure close or a wait for more, never an exception, an invalid UTF-8 text message
/// or a message over the limit.
/// </summary>
public sealed class Fuzz_WebSocketMessages
{
    private const int Rounds = 300;
    private const long MaxPayload = 64 * 1024;

    [Fact]
    public void FragmentedMessages_ComeOutWholeAndInOrder()
    {
        var random = new Random(6455);
        for (var round = 0; round < Rounds; round++)
        {
            var (wire, sent) = RandomMessages(random);

            var events = ReadInPieces(new MessageAssembler(MaxPayload), wire, random, out var thrown);

            Assert.Null(thrown);
            var messages = events.Where(e => e.Kind is WebSocketEventKind.Text or WebSocketEventKind.Binary).ToList();
            Assert.Equal(sent.Count, messages.Count);
            for (var i = 0; i < sent.Count; i++)
            {
                Assert.Equal(sent[i].Kind, messages[i].Kind);
                Assert.Equal(sent[i].Payload, messages[i].Payload);
            }
        }
    }

    [Fact]
    public void CorruptedFrames_FailOrWait_NeverAnythingElse()
    {
        var random = new Random(1002);
        for (var round = 0; round < Rounds; round++)
        {
            var (wire, _) = RandomMessages(random);
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                wire[random.Next(wire.Length)] ^= (byte)(1 << random.Next(8));
            }

            var events = ReadInPieces(new MessageAssembler(MaxPayload), wire, random, out var thrown);

            Assert.Null(thrown);
            foreach (var e in events)
            {
                Assert.True(e.Payload.Length <= MaxPayload);
                if (e.Kind == WebSocketEventKind.Text)
                {
                    Assert.True(IsUtf8(e.Payload), $"round {round}: invalid UTF-8 delivered as text");
                }
            }
        }
    }

    private static (byte[] Wire, List<ReadEvent> Sent) RandomMessages(Random random)
    {
        var wire = new List<byte>();
        var sent = new List<ReadEvent>();
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var text = random.Next(2) == 0;
            var payload = text ? Encoding.UTF8.GetBytes(RandomText(random)) : RandomBytes(random);
            sent.Add(new ReadEvent(text ? WebSocketEventKind.Text : WebSocketEventKind.Binary, payload, 0));
            var offset = 0;
            var first = true;
            do
            {
                var size = Math.Min(payload.Length - offset, random.Next(0, 400));
                var fin = offset + size == payload.Length;
                var key = RandomBytes(random, 4);
                wire.AddRange(WsCodec.Encode(first ? (text ? WsOpcode.Text : WsOpcode.Binary) : WsOpcode.Continuation, payload[offset..(offset + size)], fin, maskKey: key));
                if (!fin && random.Next(4) == 0)
                {
                    wire.AddRange(WsCodec.Encode(WsOpcode.Ping, RandomBytes(random, random.Next(0, 20)), maskKey: key));
                }

                offset += size;
                first = false;
            }
            while (offset < payload.Length);
        }

        return ([.. wire], sent);
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var n = random.Next(0, 300); n > 0; n--)
        {
            var codePoint = random.Next(4) switch
            {
                0 => random.Next(0, 0x80),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x800, 0xD800),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(codePoint));
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int? length = null)
    {
        var bytes = new byte[length ?? random.Next(0, 1000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static List<ReadEvent> ReadInPieces(MessageAssembler assembler, byte[] wire, Random random, out Exception? thrown)
    {
        var events = new List<ReadEvent>();
        var pending = Array.Empty<byte>();
        var sent = 0;
        thrown = null;
        try
        {
            while (sent < wire.Length)
            {
                var piece = Math.Min(wire.Length - sent, random.Next(1, 300));
                var input = new ReadOnlySequence<byte>(pending.Concat(wire.Skip(sent).Take(piece)).ToArray());
                sent += piece;
                while (assembler.TryRead(ref input, out var message))
                {
                    events.Add(new(message.Kind, message.Payload.ToArray(), message.CloseCode));
                    if (message.Kind is WebSocketEventKind.Close or WebSocketEventKind.Failed)
                    {
                        return events;
                    }
                }

                pending = input.ToArray();
            }
        }
        catch (Exception e)
        {
            thrown = e;
        }

        return events;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
