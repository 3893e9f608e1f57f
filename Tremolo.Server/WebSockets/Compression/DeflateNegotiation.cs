using System.Text;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// Picks the first acceptable permessage-deflate offer of a Sec-WebSocket-Extensions request
/// header (RFC 7692 section 7.1). An offer with an unknown, repeated or malformed parameter,
/// or one asking for a window zlib cannot keep to (server_max_window_bits=8), is declined and
/// the next one considered; if none is acceptable the connection simply goes uncompressed.
/// </summary>
public static class DeflateNegotiation
{
    public const string ExtensionName = "permessage-deflate";

    /// <param name="header">Every Sec-WebSocket-Extensions value, comma-joined, or null.</param>
    public static DeflateAgreement? Negotiate(string? header, DeflateMode mode)
    {
        if (mode == DeflateMode.Off || header is null)
        {
            return null;
        }

        foreach (var offer in ExtensionList.Parse(header))
        {
            if (offer.Name.Equals(ExtensionName, StringComparison.OrdinalIgnoreCase) && TryAccept(offer.Parameters, mode) is { } agreement)
            {
                return agreement;
            }
        }

        return null;
    }

    private static DeflateAgreement? TryAccept(IReadOnlyList<(string Name, string? Value)> parameters, DeflateMode mode)
    {
        bool serverNoTakeover = false, clientNoTakeover = false;
        int? serverBits = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters)
        {
            if (!seen.Add(name))
            {
                return null;
            }

            switch (name.ToLowerInvariant())
            {
                case "server_no_context_takeover" when value is null:
                    serverNoTakeover = true;
                    break;
                case "client_no_context_takeover" when value is null:
                    clientNoTakeover = true;
                    break;
                case "server_max_window_bits" when WindowBits(value) is { } bits:
                    serverBits = bits;
                    break;
                case "client_max_window_bits" when value is null || WindowBits(value) is not null:
                    // We inflate with a 15-bit window, which reads any smaller one: no answer needed.
                    break;
                default:
                    return null;
            }
        }

        if (serverBits < 9)
        {
            // zlib's raw deflate has no 8-bit window (it would use 9): decline rather than overrun the client's.
            return null;
        }

        var shared = mode == DeflateMode.Shared;

        // The shared compressor keeps no context between messages, so it always asks for
        // server_no_context_takeover; it also asks the client not to keep one (section 7.1.1.2
        // lets the server add it), so a connection holds no inflate state between messages.
        serverNoTakeover |= shared;
        clientNoTakeover |= shared;
        var response = new StringBuilder(ExtensionName);
        if (serverNoTakeover)
        {
            response.Append("; server_no_context_takeover");
        }

        if (clientNoTakeover)
        {
            response.Append("; client_no_context_takeover");
        }

        if (serverBits is { } agreedBits)
        {
            response.Append("; server_max_window_bits=").Append(agreedBits);
        }

        return new DeflateAgreement(mode, serverNoTakeover, clientNoTakeover, serverBits ?? 15, response.ToString());
    }

    /// <summary>Section 7.1.2: a decimal 8 to 15 without leading zeros, possibly quoted (already unquoted here).</summary>
    private static int? WindowBits(string? value) =>
        value is { Length: 1 } && value[0] is >= '8' and <= '9' ? value[0] - '0'
        : value is { Length: 2 } && value[0] == '1' && value[1] is >= '0' and <= '5' ? 10 + value[1] - '0'
        : null;
}
