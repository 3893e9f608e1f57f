using System.Text.Unicode;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// Validates UTF-8 that arrives in pieces (a text message across fragments and reads,
/// RFC 6455 section 8.1). A sequence cut at a piece boundary is held until completed;
/// a piece that can no longer become valid UTF-8 fails at once (fail fast, section 5.6).
/// </summary>
public struct Utf8StreamValidator
{
    private uint _pending;
    private int _pendingCount;
    private int _pendingNeeded;

    /// <summary>True when no sequence is left unfinished: the text so far is complete UTF-8.</summary>
    public readonly bool IsComplete => _pendingCount == 0;

    public void Reset() => this = default;

    /// <summary>Adds the next piece; false when the text is not (and cannot become) valid UTF-8.</summary>
    public bool Append(ReadOnlySpan<byte> piece)
    {
        if (_pendingCount > 0)
        {
            Span<byte> sequence = stackalloc byte[4];
            PendingBytes(sequence);
            var take = Math.Min(_pendingNeeded - _pendingCount, piece.Length);
            piece[..take].CopyTo(sequence[_pendingCount..]);
            var filled = _pendingCount + take;
            piece = piece[take..];

            if (filled < _pendingNeeded)
            {
                if (!IsValidPrefix(sequence[..filled]))
                {
                    return false;
                }

                Hold(sequence[..filled]);
                return true;
            }

            if (!Utf8.IsValid(sequence[..filled]))
            {
                return false;
            }

            _pendingCount = 0;
        }

        var tail = IncompleteTailStart(piece);
        if (!Utf8.IsValid(piece[..tail]))
        {
            return false;
        }

        if (tail == piece.Length)
        {
            return true;
        }

        var rest = piece[tail..];
        if (!IsValidPrefix(rest))
        {
            return false;
        }

        Hold(rest);
        return true;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        _pendingNeeded = SequenceLength(bytes[0]);
        _pendingCount = bytes.Length;
        _pending = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            _pending |= (uint)bytes[i] << (8 * i);
        }
    }

    private readonly void PendingBytes(Span<byte> destination)
    {
        for (var i = 0; i < _pendingCount; i++)
        {
            destination[i] = (byte)(_pending >> (8 * i));
        }
    }

    /// <summary>Where a multi-byte sequence starts that the piece ends before finishing; else the length.</summary>
    private static int IncompleteTailStart(ReadOnlySpan<byte> piece)
    {
        for (var i = piece.Length - 1; i >= 0 && i >= piece.Length - 3; i--)
        {
            var b = piece[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = SequenceLength(b);
            return length > 1 && i + length > piece.Length ? i : piece.Length;
        }

        return piece.Length;
    }

    /// <summary>The length a lead byte announces by its bit pattern (1 for ASCII and for bytes no sequence starts with).</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xF0 and <= 0xF7 => 4,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xC0 and <= 0xDF => 2,
        _ => 1,
    };

    /// <summary>Whether an unfinished sequence can still become a valid scalar (Unicode table 3-7).</summary>
    private static bool IsValidPrefix(ReadOnlySpan<byte> prefix)
    {
        var lead = prefix[0];
        if (lead is < 0xC2 or > 0xF4)
        {
            return false;
        }

        if (prefix.Length > 1)
        {
            var (low, high) = lead switch
            {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            if (prefix[1] < low || prefix[1] > high)
            {
                return false;
            }
        }

        return prefix.Length < 3 || (prefix[2] & 0xC0) == 0x80;
    }
}
