using Tremolo.Shared;

namespace Tremolo.Server.WebSockets.Compression;

/// <summary>
/// The Sec-WebSocket-Extensions grammar (RFC 6455 section 9.1): extensions separated by
/// commas, each a token with ";"-separated parameters, a parameter a token with an optional
/// "=" token or quoted-string value. An extension that does not parse is left out whole.
/// </summary>
public static class ExtensionList
{
    public readonly record struct Extension(string Name, IReadOnlyList<(string Name, string? Value)> Parameters);

    public static List<Extension> Parse(string header)
    {
        var result = new List<Extension>();
        var position = 0;
        while (position <= header.Length)
        {
            var extension = TryParseOne(header, ref position);
            if (extension is { } parsed)
            {
                result.Add(parsed);
            }

            // Skip to the next comma outside quotes (the end of this extension, parsed or not).
            SkipPast(header, ref position);
        }

        return result;
    }

    private static Extension? TryParseOne(string header, ref int position)
    {
        SkipSpaces(header, ref position);
        var name = Token(header, ref position);
        if (name is null)
        {
            return null;
        }

        var parameters = new List<(string, string?)>();
        while (true)
        {
            SkipSpaces(header, ref position);
            if (position >= header.Length || header[position] == ',')
            {
                return new Extension(name, parameters);
            }

            if (header[position] != ';')
            {
                return null;
            }

            position++;
            SkipSpaces(header, ref position);
            var parameter = Token(header, ref position);
            if (parameter is null)
            {
                return null;
            }

            SkipSpaces(header, ref position);
            string? value = null;
            if (position < header.Length && header[position] == '=')
            {
                position++;
                SkipSpaces(header, ref position);
                value = position < header.Length && header[position] == '"' ? Quoted(header, ref position) : Token(header, ref position);
                if (value is null)
                {
                    return null;
                }
            }

            parameters.Add((parameter, value));
        }
    }

    private static string? Token(string header, ref int position)
    {
        var start = position;
        while (position < header.Length && HttpToken.IsTokenChar(header[position]))
        {
            position++;
        }

        return position > start ? header[start..position] : null;
    }

    /// <summary>A quoted-string; RFC 6455 requires its content to be a token once unquoted.</summary>
    private static string? Quoted(string header, ref int position)
    {
        var start = ++position;
        while (position < header.Length && header[position] != '"')
        {
            if (!HttpToken.IsTokenChar(header[position]))
            {
                return null;
            }

            position++;
        }

        if (position >= header.Length || position == start)
        {
            return null;
        }

        return header[start..position++];
    }

    private static void SkipSpaces(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipPast(string header, ref int position)
    {
        var quoted = false;
        while (position < header.Length && (quoted || header[position] != ','))
        {
            if (header[position] == '"')
            {
                quoted = !quoted;
            }

            position++;
        }

        position++;
    }
}
