using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>
/// Decodes a chunked request body incrementally, with Tremolo's rules: the size line is
/// strict hex (extensions after ';' ignored), each chunk must end in CRLF, the last chunk
/// must be followed directly by CRLF (no trailers). Errors are Tremolo's 400 texts.
/// </summary>
internal sealed class ChunkedBodyDecoder
{
    /// <summary>Tremolo gives up on a size line that has no CRLF within 64 bytes.</summary>
    private const int MaxSizeLine = 64;

    private long _remaining;
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
                if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
                {
                    if (reader.Remaining > MaxSizeLine)
                    {
                        throw HttpError.BadRequest("bad chunked encoding: no chunk size");
                    }

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

            default:
                if (reader.Remaining < 2)
                {
                    return false;
                }

                if (!reader.IsNext("\r\n"u8, advancePast: true))
                {
                    throw HttpError.BadRequest("bad chunked encoding: invalid chunk terminator");
                }

                _state = _state == State.Trailer ? State.Done : State.Size;
                return true;
        }
    }

    private void ParseSize(ReadOnlySequence<byte> line)
    {
        Span<byte> text = stackalloc byte[MaxSizeLine];
        if (line.Length > MaxSizeLine)
        {
            throw HttpError.BadRequest("bad chunked encoding");
        }

        line.CopyTo(text);
        var size = text[..(int)line.Length];
        var semicolon = size.IndexOf((byte)';');
        if (semicolon >= 0)
        {
            size = size[..semicolon];
        }

        if (!StrictInteger.TryParseHex(size, out var value))
        {
            throw HttpError.BadRequest("bad chunked encoding");
        }

        _remaining = value;
        _state = value == 0 ? State.Trailer : State.Data;
    }
}
