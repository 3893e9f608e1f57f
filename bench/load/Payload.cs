using System.Text;

namespace Tremolo.Bench.Load;

/// <summary>ASCII text payloads: every peer echoes text frames unchanged.</summary>
static class Payload
{
    public static byte[] Filler(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++) bytes[i] = (byte)('a' + i % 26);
        return bytes;
    }

    /// <summary>A sequence number in decimal, then filler up to <paramref name="size"/> bytes.</summary>
    public static byte[] Numbered(int sequence, int size)
    {
        var digits = Encoding.ASCII.GetBytes(sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + ":");
        var bytes = Filler(Math.Max(size, digits.Length));
        digits.CopyTo(bytes, 0);
        return bytes;
    }

    public static int SequenceOf(ReadOnlySpan<byte> message)
    {
        var value = 0;
        foreach (var b in message[..8]) value = value * 10 + (b - '0');
        return value;
    }
}
