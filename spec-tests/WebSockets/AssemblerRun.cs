using System.Buffers;
using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

/// <summary>What an assembler made of some input: each event with its payload copied out.</summary>
internal sealed record ReadEvent(WebSocketEventKind Kind, byte[] Payload, ushort CloseCode)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

internal static class AssemblerRun
{
    /// <summary>Feeds the bytes as one buffer; stops after the first Close or Failed event.</summary>
    public static List<ReadEvent> Read(long maxPayloadSize, params byte[][] frames) =>
        Read(new MessageAssembler(maxPayloadSize), new ReadOnlySequence<byte>(frames.SelectMany(f => f).ToArray()));

    public static List<ReadEvent> Read(MessageAssembler assembler, ReadOnlySequence<byte> input)
    {
        var events = new List<ReadEvent>();
        while (assembler.TryRead(ref input, out var message))
        {
            events.Add(new(message.Kind, message.Payload.ToArray(), message.CloseCode));
            if (message.Kind is WebSocketEventKind.Close or WebSocketEventKind.Failed)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Feeds the bytes one at a time, as the slowest network would, keeping what is not consumed.</summary>
    public static List<ReadEvent> ReadByteByByte(long maxPayloadSize, byte[] data)
    {
        var assembler = new MessageAssembler(maxPayloadSize);
        var events = new List<ReadEvent>();
        var pending = new List<byte>();
        foreach (var b in data)
        {
            pending.Add(b);
            var input = new ReadOnlySequence<byte>(pending.ToArray());
            while (assembler.TryRead(ref input, out var message))
            {
                events.Add(new(message.Kind, message.Payload.ToArray(), message.CloseCode));
                if (message.Kind is WebSocketEventKind.Close or WebSocketEventKind.Failed)
                {
                    return events;
                }
            }

            pending = [.. input.ToArray()];
        }

        return events;
    }

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
