using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Tremolo.Server.WebSockets;

/// <summary>
/// The opening handshake (RFC 6455 section 4.2): deciding whether a request upgrades, and
/// the exact 101 head Tremolo sends.
/// </summary>
public static class WebSocketHandshake
{
    public const string SupportedVersion = "13";

    private static ReadOnlySpan<byte> Guid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>
    /// Tremolo upgrades a request without a body whose Upgrade is "websocket" and which has a
    /// Sec-WebSocket-Key; anything else is a plain request. Beyond Tremolo, an upgrade that
    /// section 4.2.1 forbids is refused rather than accepted.
    /// </summary>
    /// <param name="method">The request method as sent.</param>
    /// <param name="httpVersion">"1.0" or "1.1", as Tremolo's request.version.</param>
    /// <param name="hasBody">Content-Length above 0 or Transfer-Encoding present.</param>
    /// <param name="upgrade">The first Upgrade value, or null.</param>
    /// <param name="connection">Every Connection value, comma-joined, or null.</param>
    /// <param name="key">The first Sec-WebSocket-Key value, or null.</param>
    /// <param name="version">The first Sec-WebSocket-Version value, or null.</param>
    public static HandshakeDecision Evaluate(
        string method, string httpVersion, bool hasBody, string? upgrade, string? connection, string? key, string? version)
    {
        if (hasBody || key is null || upgrade is null || !HasToken(upgrade, "websocket"))
        {
            return HandshakeDecision.NotWebSocket;
        }

        if (method != "GET" || httpVersion != "1.1" || connection is null || !HasToken(connection, "upgrade") || !IsValidKey(key))
        {
            return HandshakeDecision.BadRequest;
        }

        return version?.Trim() == SupportedVersion ? HandshakeDecision.Accept : HandshakeDecision.UpgradeRequired;
    }

    /// <summary>Sec-WebSocket-Accept: base64(SHA-1(key + the RFC's GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> accept = stackalloc byte[28];
        WriteAccept(key, accept);
        return Encoding.ASCII.GetString(accept);
    }

    private static void WriteAccept(string key, Span<byte> destination)
    {
        var keyLength = Encoding.Latin1.GetByteCount(key);
        var input = keyLength + Guid.Length <= 256 ? stackalloc byte[keyLength + Guid.Length] : new byte[keyLength + Guid.Length];
        Encoding.Latin1.GetBytes(key, input);
        Guid.CopyTo(input[keyLength..]);
        Span<byte> hash = stackalloc byte[Sha1.HashSizeInBytes];
        Sha1.HashData(input, hash);
        Base64.EncodeToUtf8(hash, destination, out _, out _);
    }

    /// <summary>Section 4.2.1 item 5: the key is 16 bytes, base64-encoded (24 characters).</summary>
    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    /// <summary>Whether a comma-separated header value lists the token (case-insensitive).</summary>
    private static bool HasToken(string value, string token)
    {
        foreach (var range in value.AsSpan().Split(','))
        {
            if (value.AsSpan(range).Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
