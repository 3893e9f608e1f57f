using System.Buffers;
using Tremolo.Shared;

namespace Tremolo.Server.Http;

/// <summary>
/// Decodes a chunked request body incrementally (RFC 9112 7.1): every line ends in CRLF
/// (a bare LF or CR is 400 at once, never a wait), the size is strict hex, extensions must
/// be well-formed (7.1.1) and are ignored, a trailer section is read and discarded (7.1.2).
/// Tremolo ignored anything after ';' and refused every trailer: see docs/deviations.md.
/// </summary>
internal sealed class ChunkedBodyDecoder
{
    /// <summary>Tremolo gives up on a size line that has no CRLF within 64 bytes.</summary>
    private const int MaxSizeLine = 64;

    /// <summary>A trailer section longer than a request head may be is refused.</summary>
    private const int MaxTrailerSize = 8190;

    private long _remaining;
    private int _trailerBytes;
    private State _state = State.Size;

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    public bool IsComplete => _state == State.Done;

    /// <summary>Raw bytes consumed so far (framing included), what Tremolo counts against client_max_body_size.</summary>
    public long RawBytes { get; private set; }

    public void Reset()
    {
        _remaining = 0;
        _trailerBytes = 0;
        _state = State.Size;
        RawBytes = 0;
    }

    /// <summary>
    /// Decodes what it can from <paramref name="buffer"/> into <paramref name="output"/>;
    /// returns the position up to which input was consumed.
    /// </summary>
    public SequencePosition Decode(in ReadOnlySequence<byte> buffer, IBufferWriter<byte> output)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (_state != State.Done && !reader.End)
        {
            var before = reader.Consumed;
            if (!Step(ref reader, output))
            {
                break;
            }

            RawBytes += reader.Consumed - before;
        }

        return reader.Position;
    }

    private bool Step(ref SequenceReader<byte> reader, IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.Size:
                if (!TryReadLine(ref reader, MaxSizeLine, "no chunk size", out var line))
                {
                    return false;
                }

                ParseSize(line);
                return true;

            case State.Data:
                var take = (int)Math.Min(_remaining, reader.Remaining);
                foreach (var segment in reader.UnreadSequence.Slice(0, take))
                {
                    output.Write(segment.Span);
                }

                reader.Advance(take);
                _remaining -= take;
                if (_remaining == 0)
                {
                    _state = State.DataEnd;
                }

                return true;

            case State.DataEnd:
                // Refuse a wrong first byte now: waiting for a second one could wait forever.
                if (!reader.IsNext((byte)'\r') || (reader.Remaining >= 2 && !reader.IsNext("\r\n"u8)))
                {
                    throw HttpError.BadRequest("bad chunked encoding: invalid chunk terminator");
                }

                if (reader.Remaining < 2)
                {
                    return false;
                }

                reader.Advance(2);
                _state = State.Size;
                return true;

            default:
                if (!TryReadLine(ref reader, MaxTrailerSize - _trailerBytes, "trailer section too large", out var field))
                {
                    return false;
                }

                _trailerBytes += (int)field.Length + 2;
                if (field.IsEmpty)
                {
                    _state = State.Done;
                }
                else if (!IsFieldLine(field))
                {
                    throw HttpError.BadRequest("bad chunked encoding: invalid trailer field");
                }

                return true;
        }
    }

    /// <summary>A line up to CRLF (not included); false to wait for more. A bare LF or a line over <paramref name="max"/> is 400.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, int max, string tooLong, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining > max)
            {
                throw HttpError.BadRequest($"bad chunked encoding: {tooLong}");
            }

            return false;
        }

        if (line.IsEmpty || !line.Slice(line.Length - 1).FirstSpan.SequenceEqual("\r"u8))
        {
            throw HttpError.BadRequest("bad chunked encoding: bare LF");
        }

        line = line.Slice(0, line.Length - 1);
        if (line.Length > max)
        {
            throw HttpError.BadRequest($"bad chunked encoding: {tooLong}");
        }

        return true;
    }

    private void ParseSize(ReadOnlySequence<byte> line)
    {
        Span<byte> text = stackalloc byte[MaxSizeLine];
        line.CopyTo(text);
        var size = text[..(int)line.Length];
        var semicolon = size.IndexOf((byte)';');
        if (semicolon >= 0)
        {
            if (!ChunkExtensions.AreValid(size[semicolon..]))
            {
                throw HttpError.BadRequest("bad chunked encoding: invalid chunk extension");
            }

            // BWS before the first ';' (RFC 9112 7.1.1)
            size = size[..semicolon].TrimEnd(" \t"u8);
        }

        if (!StrictInteger.TryParseHex(size, out var value))
        {
            throw HttpError.BadRequest("bad chunked encoding");
        }

        _remaining = value;
        _state = value == 0 ? State.Trailer : State.Data;
    }

    /// <summary>A trailer field line: token ":" value without control bytes (RFC 9112 5, RFC 9110 5.5).</summary>
    private static bool IsFieldLine(ReadOnlySequence<byte> line)
    {
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        var colon = bytes.IndexOf((byte)':');
        return colon > 0 && HttpToken.IsToken(bytes[..colon]) && !HttpChars.HasControlByte(bytes[(colon + 1)..]);
    }
}
