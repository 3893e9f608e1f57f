using System.Numerics;
using System.Runtime.InteropServices;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// RFC 6455 section 5.3 masking: byte i of the payload is XORed with key byte (i mod 4).
/// Works a vector, then a ulong, at a time; both widths are multiples of 4, so one
/// repeated key pattern lines up with every block.
/// </summary>
public static class WebSocketMask
{
    /// <summary>
    /// Writes <paramref name="source"/> XOR the key into <paramref name="destination"/>
    /// (same length or longer; the two may be the same memory). <paramref name="keyOffset"/>
    /// is the payload position of source[0], modulo 4, so a payload can arrive in pieces.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint key, int keyOffset)
    {
        // key holds the 4 key bytes in wire order in memory; rotate so pattern[0] applies to source[0].
        Span<byte> keyBytes = stackalloc byte[4];
        MemoryMarshal.Write(keyBytes, in key);
        Span<byte> pattern = stackalloc byte[8];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = keyBytes[(keyOffset + i) & 3];
        }

        var pattern64 = MemoryMarshal.Read<ulong>(pattern);
        var length = source.Length;
        destination = destination[..length];
        var done = 0;

        if (Vector.IsHardwareAccelerated && length >= Vector<byte>.Count)
        {
            var keyVector = Vector.AsVectorByte(new Vector<ulong>(pattern64));
            for (; done <= length - Vector<byte>.Count; done += Vector<byte>.Count)
            {
                (new Vector<byte>(source[done..]) ^ keyVector).CopyTo(destination[done..]);
            }
        }

        for (; done <= length - sizeof(ulong); done += sizeof(ulong))
        {
            var block = MemoryMarshal.Read<ulong>(source[done..]) ^ pattern64;
            MemoryMarshal.Write(destination[done..], in block);
        }

        for (; done < length; done++)
        {
            destination[done] = (byte)(source[done] ^ pattern[done & 3]);
        }
    }
}
