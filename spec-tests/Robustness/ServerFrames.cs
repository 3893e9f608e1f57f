using System.Buffers.Binary;
using System.Text;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Checks bytes a server sent after a 101 as RFC 6455 server frames: unmasked, no RSV bits,
/// known opcodes, control frames short and final, text in valid UTF-8, close codes a server
/// may send, and nothing cut off mid-frame.
/// </summary>
public static class ServerFrames
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly int[] SendableCloseCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011];

    /// <summary>Null when every frame is valid, else what is wrong.</summary>
    public static string? Check(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (data.Length < 2)
                return "a frame cut after its first byte";
            int opcode = data[0] & 0x0f;
            bool fin = (data[0] & 0x80) != 0;
            if ((data[0] & 0x70) != 0)
                return "RSV bits set";
            if ((data[1] & 0x80) != 0)
                return "a masked server frame";
            if (opcode is not (0 or 1 or 2 or 8 or 9 or 10))
                return $"opcode {opcode}";
            long length = data[1] & 0x7f;
            int at = 2;
            if (length == 126)
            {
                if (data.Length < 4)
                    return "a length cut off";
                length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
                at = 4;
            }
            else if (length == 127)
            {
                if (data.Length < 10)
                    return "a length cut off";
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
                at = 10;
            }
            if (opcode >= 8 && (length > 125 || !fin))
                return "a long or fragmented control frame";
            if (data.Length - at < length)
                return "a payload cut off";
            var payload = data.Slice(at, (int)length);
            if (opcode == 8 && payload.Length > 0)
            {
                if (payload.Length < 2)
                    return "a one-byte close payload";
                int code = BinaryPrimitives.ReadUInt16BigEndian(payload);
                if (!SendableCloseCodes.Contains(code))
                    return $"close code {code}";
            }
            if (opcode == 1 && fin && !IsUtf8(payload))
                return "a text frame that is not UTF-8";
            data = data[(at + (int)length)..];
        }
        return null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> text)
    {
        try
        {
            StrictUtf8.GetCharCount(text);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
