using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>Builds client frames the way the parity harness's ws_send does (same default mask key).</summary>
internal static class ClientFrame
{
    public static readonly byte[] HarnessMaskKey = [0x37, 0xFA, 0x21, 0x3D];

    public static byte[] Build(
        int opcode, byte[] payload, bool fin = true, int rsv = 0, bool mask = true, byte[]? maskKey = null, long? length = null)
    {
        var declared = length ?? payload.Length;
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        var maskBit = mask ? 0x80 : 0;
        if (declared < 126)
        {
            frame.Add((byte)(maskBit | (int)declared));
        }
        else if (declared < 65536)
        {
            frame.Add((byte)(maskBit | 126));
            frame.AddRange(BigEndian16((ushort)declared));
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)declared);
            frame.AddRange(bytes);
        }

        if (!mask)
        {
            frame.AddRange(payload);
            return [.. frame];
        }

        var key = maskKey ?? HarnessMaskKey;
        frame.AddRange(key);
        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add((byte)(payload[i] ^ key[i % 4]));
        }

        return [.. frame];
    }

    public static byte[] Text(string text, bool fin = true) => Build(1, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Close(ushort code, string reason = "")
    {
        var payload = BigEndian16(code).Concat(Encoding.UTF8.GetBytes(reason)).ToArray();
        return Build(8, payload);
    }

    /// <summary>The corpus strings: one char per byte (latin-1).</summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>The bytes as one sequence cut into segments at the given offsets.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Append(data.Length).ToArray();
        var first = new Segment(data.AsMemory(0, bounds[0]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            last = last.Append(data.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static byte[] BigEndian16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
