using System.Buffers.Binary;
using System.Numerics;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// SHA-1 (FIPS 180-4) for the handshake's Sec-WebSocket-Accept. The platform's SHA1 calls
/// OpenSSL, and loading libcrypto with System.Security.Cryptography for this one hash cost
/// 5.4 MiB of resident memory in a server that needs neither otherwise (bench/README.md,
/// issue 16). RFC 6455 uses the hash only to show that the server read the key, not for secrecy.
/// </summary>
internal static class Sha1
{
    public const int HashSizeInBytes = 20;

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Span<uint> state = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
        Span<uint> schedule = stackalloc uint[80];
        var whole = source.Length - source.Length % 64;
        for (var offset = 0; offset < whole; offset += 64)
        {
            Compress(source.Slice(offset, 64), schedule, state);
        }

        // The rest, the 0x80 marker, zeros, and the length in bits: one block or two.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = source.Length - whole;
        source[whole..].CopyTo(tail);
        tail[rest] = 0x80;
        var tailLength = rest + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)source.Length * 8);
        for (var offset = 0; offset < tailLength; offset += 64)
        {
            Compress(tail.Slice(offset, 64), schedule, state);
        }

        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], state[i]);
        }
    }

    private static void Compress(ReadOnlySpan<byte> block, Span<uint> w, Span<uint> state)
    {
        for (var i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }

        for (var i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var i = 0; i < 80; i++)
        {
            var (f, k) = i switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            var next = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = next;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
