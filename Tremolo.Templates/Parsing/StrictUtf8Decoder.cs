using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tremolo.Templates.Parsing;

/// <summary>
/// bytes.decode() with Python's strict errors: invalid UTF-8 is a 500 whose text is what
/// Tremolo shows for the UnicodeDecodeError (its args joined: encoding, repr of the bytes,
/// start, end, reason).
/// </summary>
internal static class StrictUtf8Decoder
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var index = Utf8.IsValid(bytes) ? -1 : FirstInvalid(bytes);
        if (index < 0)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var status = Rune.DecodeFromUtf8(bytes[index..], out _, out var length);
        var reason = status == OperationStatus.NeedMoreData ? "unexpected end of data"
            : length == 1 && !IsLeadByte(bytes[index]) ? "invalid start byte"
            : "invalid continuation byte";
        throw new RequestDataException(500, $"utf-8 {PyText.BytesRepr(bytes)} {index} {index + length} {reason}");
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var length) != OperationStatus.Done)
            {
                return offset;
            }

            offset += length;
        }

        return -1;
    }

    private static bool IsLeadByte(byte b) => b is >= 0xC2 and <= 0xF4;
}
