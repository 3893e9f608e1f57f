using System.Buffers;
using System.Text;
using Tremolo.Shared;

namespace Tremolo.Server.Http;

/// <summary>
/// Parses a request head the way Tremolo's HTTPHeader.parse does (what it accepts, what it
/// marks invalid, what is not a request at all), plus the RFC 9112 checks Tremolo skips,
/// which set <see cref="HttpRequestHead.RejectReason"/> (see docs/deviations.md).
/// </summary>
internal static class RequestHeadParser
{
    /// <summary>Tremolo's per-line limit.</summary>
    private const int MaxLineSize = 8190;

    /// <summary>Tremolo accepts at most 98 header lines (its max_lines=100 counts the request line and the loop bound).</summary>
    private const int MaxHeaderLines = 98;

    // What a Host name may not hold (IsHostValue). A SearchValues: IndexOfAny with more than
    // five values in a span searches byte by byte.
    private static readonly SearchValues<byte> NotInHostName = SearchValues.Create("@/\\?#,[] \t"u8);

    /// <summary>Parses <paramref name="block"/>: the head up to and including the CRLF of its last line.</summary>
    public static void Parse(in ReadOnlySequence<byte> block, HttpRequestHead head)
    {
        var bytes = head.Reset((int)block.Length);
        block.CopyTo(bytes);

        var lineEnd = bytes.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? bytes : bytes[..lineEnd];
        if (!ParseRequestLine(requestLine, head))
        {
            return;
        }

        var offset = lineEnd + 2;
        var lines = 0;
        var hostCount = 0;
        while (offset < bytes.Length)
        {
            var rest = bytes[offset..];
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            if (line.IsEmpty)
            {
                break;
            }

            if (++lines > MaxHeaderLines || line.Length > MaxLineSize || HttpChars.HasUnsafeByte(line))
            {
                head.Status = RequestHeadStatus.Invalid;
                return;
            }

            if (!ParseField(bytes, offset, line, head, ref hostCount))
            {
                return;
            }

            offset += line.Length + 2;
        }

        if (hostCount > 1 || (hostCount == 0 && head.IsHttp11))
        {
            head.Status = RequestHeadStatus.Invalid;
        }
        else if (hostCount == 1 && head.TryGetFirst("host"u8, out var host) && !IsHostValue(host))
        {
            Reject(head, "bad request: invalid Host");
        }
    }

    private static bool ParseRequestLine(ReadOnlySpan<byte> line, HttpRequestHead head)
    {
        var versionAt = line.LastIndexOf(" HTTP/"u8);
        if (line.Length > MaxLineSize || HttpChars.HasUnsafeByte(line) || versionAt <= 0)
        {
            head.Status = RequestHeadStatus.NotARequest;
            return false;
        }

        var target = line[..versionAt];
        var space = target.IndexOf((byte)' ');
        if (space < 0)
        {
            // Tremolo: a method with no target is a request, but an invalid one, answered as HTTP/1.0.
            head.Status = RequestHeadStatus.Invalid;
            head.MethodRange = new Range(0, 0);
            head.UrlRange = new Range(0, 0);
            return true;
        }

        head.MethodRange = new Range(0, space);
        head.UrlRange = new Range(space + 1, versionAt);

        var version = line[(versionAt + 6)..];
        if (version.SequenceEqual("1.1"u8))
        {
            head.IsHttp11 = true;
        }
        else if (!version.SequenceEqual("1.0"u8))
        {
            head.Status = RequestHeadStatus.Invalid;
            if (version.Length == 3 && char.IsAsciiDigit((char)version[0]) && version[1] == '.' &&
                char.IsAsciiDigit((char)version[2]) && version[0] != '1' && version[0] != '0')
            {
                Reject(head, "HTTP version not supported", 505);
            }

            return true;
        }

        if (!HttpToken.IsToken(line[head.MethodRange]))
        {
            Reject(head, "bad request: invalid method");
        }
        else if (!IsRequestTarget(line[head.UrlRange]))
        {
            Reject(head, "bad request: invalid request target");
        }
        else
        {
            CheckTargetForm(head, line[head.MethodRange], line[head.UrlRange]);
        }

        return true;
    }

    /// <summary>
    /// RFC 9112 3.2: origin-form, absolute-form, authority-form or '*'; never spaces, tabs,
    /// controls, a fragment ('#', RFC 9112 3.2) or raw bytes outside ASCII (RFC 3986 2).
    /// </summary>
    private static bool IsRequestTarget(ReadOnlySpan<byte> target)
    {
        // HasControlByte lets HTAB through (it is fine in a field value), so tabs are refused here.
        if (target.IsEmpty || target.IndexOfAny((byte)' ', (byte)'\t', (byte)'#') >= 0 || HttpChars.HasControlByte(target) || target.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0)
        {
            return false;
        }

        return target[0] == '/' || target.SequenceEqual("*"u8) || target.IndexOf("://"u8) > 0 || target.IndexOf((byte)':') > 0;
    }

    /// <summary>
    /// RFC 9112 3.2.3 / 3.2.4: the asterisk-form is for OPTIONS only, the authority-form for
    /// CONNECT only; CONNECT (a tunnel) is not something this server does: 501.
    /// </summary>
    private static void CheckTargetForm(HttpRequestHead head, ReadOnlySpan<byte> method, ReadOnlySpan<byte> target)
    {
        var connect = method.SequenceEqual("CONNECT"u8);
        var authority = target[0] != '/' && target[0] != '*' && target.IndexOf("://"u8) < 0;
        if (target.SequenceEqual("*"u8))
        {
            if (method.SequenceEqual("OPTIONS"u8))
            {
                head.IsAsteriskForm = true;
            }
            else
            {
                Reject(head, "bad request: the asterisk-form is only for OPTIONS");
            }
        }
        else if (connect != authority)
        {
            Reject(head, connect ? "bad request: CONNECT needs the authority-form" : "bad request: the authority-form is only for CONNECT");
        }
        else if (connect)
        {
            Reject(head, "CONNECT is not supported", 501);
        }
    }

    /// <summary>
    /// RFC 9110 7.2 / RFC 3986 3.2.2: Host is uri-host [":" port], one authority: no userinfo,
    /// path, query, fragment, whitespace or list (a comma list is a smuggling vector), not empty.
    /// </summary>
    private static bool IsHostValue(ReadOnlySpan<byte> host)
    {
        var split = host.StartsWith("["u8) ? host.IndexOf((byte)']') + 1 : host.IndexOf((byte)':');
        var name = split < 0 ? host : host[..split];
        var port = split < 0 ? default : host[split..];
        if (port.Length > 0 && (port[0] != ':' || !IsDigits(port[1..])))
        {
            return false;
        }

        if (name.StartsWith("["u8))
        {
            // IP-literal: hex digits, ':' and '.' between the brackets (an IPv6 or IPvFuture address)
            return name.Length > 2 && name[1..^1].IndexOfAnyExcept("0123456789abcdefABCDEF:.vV"u8) < 0;
        }

        // Other odd bytes (<, ", ...) are left to the app's rules, as Tremolo leaves them.
        return !name.IsEmpty && name.IndexOfAny(NotInHostName) < 0;
    }

    private static bool IsDigits(ReadOnlySpan<byte> span) => span.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    private static bool ParseField(Span<byte> bytes, int offset, ReadOnlySpan<byte> line, HttpRequestHead head, ref int hostCount)
    {
        var colon = line.Length > 1 ? line[1..].IndexOf((byte)':') : -1;
        if (colon >= 0)
        {
            colon++;
        }

        if (colon <= 0 || line[colon - 1] == ' ')
        {
            head.Status = RequestHeadStatus.Invalid;
            return false;
        }

        var name = line[..colon];
        var value = line[(colon + 1)..];
        if (line[0] == ' ' || line[0] == '\t')
        {
            Reject(head, "bad request: obsolete line folding");
        }
        else if (!HttpToken.IsToken(name))
        {
            Reject(head, "bad request: invalid field name");
        }
        else if (HttpChars.HasControlByte(value))
        {
            Reject(head, "bad request: invalid field value");
        }

        Ascii.ToLowerInPlace(bytes.Slice(offset, colon), out _);
        var trimmed = value.Trim(" \t"u8);
        var valueStart = offset + colon + 1 + (value.Length - value.TrimStart(" \t"u8).Length);
        if (!head.TryAddField(new HeaderField(offset, colon, valueStart, trimmed.Length)))
        {
            head.Status = RequestHeadStatus.Invalid;
            return false;
        }

        if (bytes.Slice(offset, colon).SequenceEqual("host"u8))
        {
            hostCount++;
        }

        return true;
    }

    private static void Reject(HttpRequestHead head, string reason, int status = 400)
    {
        head.RejectReason ??= reason;
        if (head.RejectReason == reason)
        {
            head.RejectStatus = status;
        }
    }
}
