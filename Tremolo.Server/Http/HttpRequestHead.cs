using System.Buffers;
using System.Text;

namespace Tremolo.Server.Http;

/// <summary>
/// One parsed request head. The bytes are copied into a buffer the connection reuses, fields
/// are offsets into it, and strings are made only when someone asks for them.
/// </summary>
internal sealed class HttpRequestHead
{
    private const int MaxFields = 128;

    // Both pooled, taken with the first head and grown on demand (the buffer is sized by the
    // first head, then doubles when a longer one comes); back to the pool when the connection
    // ends or upgrades (Release), so a burst of WebSocket handshakes reuses the same few.
    private HeaderField[] _fields = [];
    private byte[] _buffer = [];
    private string? _method;
    private string? _url;
    private bool _urlTaken;
    private string? _path;
    private string? _version;
    private List<KeyValuePair<string, string>>? _headerList;

    public RequestHeadStatus Status { get; set; }

    /// <summary>Why a request Tremolo would accept is refused by our RFC 9112 hardening (400 before any app code).</summary>
    public string? RejectReason { get; set; }

    /// <summary>The status of a hardening refusal (400, or 505 for an unsupported major version).</summary>
    public int RejectStatus { get; set; } = 400;

    public int FieldCount { get; private set; }

    /// <summary>`OPTIONS *` (RFC 9112 3.2.4): a question to the server, not to a resource.</summary>
    public bool IsAsteriskForm { get; set; }

    internal Range MethodRange { get; set; }

    internal Range UrlRange { get; set; }

    /// <summary>True for HTTP/1.1; HTTP/1.0 otherwise (Tremolo answers an invalid version as 1.0).</summary>
    public bool IsHttp11 { get; set; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> MethodBytes => Bytes[MethodRange];

    public ReadOnlySpan<byte> UrlBytes => Bytes[UrlRange];

    public string Method => _method ??= KnownStrings.Method(MethodBytes);

    public string Url => _urlTaken ? _url! : TakeUrl();

    /// <summary>request.path: the url before '?'.</summary>
    public string Path => _path ??= PathOf(Url);

    public string Version => _version ??= IsHttp11 ? "1.1" : "1.0";

    public bool IsHead => MethodBytes.SequenceEqual("HEAD"u8);

    public ReadOnlySpan<HeaderField> Fields => _fields.AsSpan(0, FieldCount);

    /// <summary>Copies the head bytes in and forgets the previous request.</summary>
    public Span<byte> Reset(int length)
    {
        if (_buffer.Length < length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(length, _buffer.Length * 2));
            ReturnBuffer();
            _buffer = larger;
        }

        Length = length;
        FieldCount = 0;
        Status = RequestHeadStatus.Valid;
        RejectReason = null;
        RejectStatus = 400;
        MethodRange = default;
        UrlRange = default;
        IsHttp11 = false;
        IsAsteriskForm = false;
        _method = _path = _version = null;
        _urlTaken = false;
        _headerList = null;
        return _buffer.AsSpan(0, length);
    }

    /// <summary>
    /// Keeps only the request line, as strings, for the access log and log lines: the field
    /// array and the head's bytes go (an upgraded session that renders nothing reads neither),
    /// so an idle WebSocket holds none of them.
    /// </summary>
    public void ForgetAllButRequestLine()
    {
        _ = Method;
        _ = Path;
        _ = Version;
        _headerList = null;
        Release();
    }

    /// <summary>Gives the field array and the head bytes back to their pools; the head reads as empty after.</summary>
    public void Release()
    {
        if (_fields.Length > 0)
        {
            ArrayPool<HeaderField>.Shared.Return(_fields);
            _fields = [];
        }

        ReturnBuffer();
        FieldCount = 0;
        Length = 0;
        MethodRange = default;
        UrlRange = default;
    }

    public bool TryAddField(HeaderField field)
    {
        if (FieldCount == _fields.Length)
        {
            if (FieldCount == MaxFields)
            {
                return false;
            }

            var larger = ArrayPool<HeaderField>.Shared.Rent(Math.Clamp(FieldCount * 2, 8, MaxFields));
            Fields.CopyTo(larger);
            if (_fields.Length > 0)
            {
                ArrayPool<HeaderField>.Shared.Return(_fields);
            }

            _fields = larger;
        }

        _fields[FieldCount++] = field;
        return true;
    }

    public ReadOnlySpan<byte> NameOf(in HeaderField field) => Bytes.Slice(field.NameStart, field.NameLength);

    public ReadOnlySpan<byte> ValueOf(in HeaderField field) => Bytes.Slice(field.ValueStart, field.ValueLength);

    /// <summary>The first value of a header (lower-case name), or false.</summary>
    public bool TryGetFirst(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        foreach (ref readonly var field in Fields)
        {
            if (NameOf(field).SequenceEqual(name))
            {
                value = ValueOf(field);
                return true;
            }
        }

        value = default;
        return false;
    }

    public int Count(ReadOnlySpan<byte> name)
    {
        var count = 0;
        foreach (ref readonly var field in Fields)
        {
            if (NameOf(field).SequenceEqual(name))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Every value of a header as comma-separated tokens, trimmed and lower-cased (Tremolo's getlist).</summary>
    public bool ContainsToken(ReadOnlySpan<byte> name, ReadOnlySpan<byte> token)
    {
        foreach (ref readonly var field in Fields)
        {
            if (!NameOf(field).SequenceEqual(name))
            {
                continue;
            }

            foreach (var range in ValueOf(field).Split((byte)','))
            {
                var part = ValueOf(field)[range].Trim(" \t"u8);
                if (part.Length == token.Length && Ascii.EqualsIgnoreCase(part, token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Header fields as strings (names lower-case), for templates.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderList
    {
        get
        {
            if (_headerList is null)
            {
                _headerList = new List<KeyValuePair<string, string>>(FieldCount);
                foreach (ref readonly var f in Fields)
                {
                    _headerList.Add(new(KnownStrings.HeaderName(NameOf(f)), Latin1.GetString(ValueOf(f))));
                }
            }

            return _headerList;
        }
    }

    /// <summary>
    /// The target as a string. A keep-alive client tends to ask for the same target again
    /// (health checks, polling, load balancers, benchmarks): the previous request's string is
    /// kept and reused when the bytes match, so such a request allocates nothing for it.
    /// </summary>
    private string TakeUrl()
    {
        var bytes = UrlBytes;
        if (_url is null || !Ascii.Equals(bytes, _url))
        {
            _url = Latin1.GetString(bytes);
        }

        _urlTaken = true;
        return _url;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static string PathOf(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url : url[..q];
    }
}
