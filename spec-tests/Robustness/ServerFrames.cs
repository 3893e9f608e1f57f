using System.Text;
using Tremolo.SpecTests.Support;

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
            if (WsCodec.ReadHeader(data) is not { } header)
                return "a frame header cut off";
            if (header.Rsv != 0)
                return "RSV bits set";
            if (header.Masked)
                return "a masked server frame";
            if (header.Opcode is not (WsOpcode.Continuation or WsOpcode.Text or WsOpcode.Binary or WsOpcode.Close or WsOpcode.Ping or WsOpcode.Pong))
                return $"opcode {(int)header.Opcode}";
            if (header.Opcode >= WsOpcode.Close && (header.Length > 125 || !header.Fin))
                return "a long or fragmented control frame";
            if (WsCodec.Decode(data, out var used) is not { } frame)
                return "a payload cut off";
            if (frame.Opcode == WsOpcode.Close && frame.Payload.Length > 0)
            {
                if (frame.Payload.Length < 2)
                    return "a one-byte close payload";
                if (!SendableCloseCodes.Contains(frame.CloseCode))
                    return $"close code {frame.CloseCode}";
            }
            if (frame.Opcode == WsOpcode.Text && header.Fin && !IsUtf8(frame.Payload))
                return "a text frame that is not UTF-8";
            data = data[used..];
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
