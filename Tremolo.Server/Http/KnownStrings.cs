using System.Text;

namespace Tremolo.Server.Http;

/// <summary>Shared strings for the common methods, header names and values, so parsing them allocates nothing.</summary>
internal static class KnownStrings
{
    private static readonly string[] Methods = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private static readonly string[] HeaderNames =
    [
        "host", "connection", "content-length", "content-type", "transfer-encoding", "user-agent", "accept",
        "accept-encoding", "accept-language", "cookie", "upgrade", "sec-websocket-key", "sec-websocket-version",
        "origin", "range", "if-range", "if-modified-since", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
        "expect", "referer", "cache-control",
    ];

    // Values asked for as strings on every WebSocket handshake (Upgrade, Connection, Sec-WebSocket-Version).
    private static readonly string[] HeaderValues = ["websocket", "Upgrade", "upgrade", "13", "keep-alive", "close"];

    public static string Method(ReadOnlySpan<byte> bytes) => Lookup(Methods, bytes);

    public static string HeaderValue(ReadOnlySpan<byte> bytes) => Lookup(HeaderValues, bytes);

    public static string HeaderName(ReadOnlySpan<byte> bytes) => Lookup(HeaderNames, bytes);

    private static string Lookup(string[] known, ReadOnlySpan<byte> bytes)
    {
        foreach (var s in known)
        {
            if (s.Length == bytes.Length && Ascii.Equals(bytes, s))
            {
                return s;
            }
        }

        return Encoding.Latin1.GetString(bytes);
    }
}
