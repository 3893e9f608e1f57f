namespace Tremolo.Server.Http;

/// <summary>Control-byte checks of RFC 9112 field values and lines (tokens: Shared/HttpToken).</summary>
internal static class HttpChars
{
    /// <summary>CR, LF and NUL: Tremolo's own test for an unsafe line.</summary>
    public static bool HasUnsafeByte(ReadOnlySpan<byte> span) => span.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0;

    /// <summary>Any other control byte (HTAB allowed) or DEL: invalid in a field value or request line.</summary>
    public static bool HasControlByte(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
            {
                return true;
            }
        }

        return false;
    }
}
