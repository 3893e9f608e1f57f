using System.Text;
using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// A test double of the engine's parsed request, read from the raw bytes of a request
/// (as in the parity cases: one char per byte), the way Tremolo's header parser does.
/// </summary>
internal sealed class RawRequest : IRequestData
{
    private RawRequest(string method, string url, string version, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method;
        Url = url;
        Version = version;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    public string Url { get; }

    public string Version { get; }

    public bool IsSecure { get; init; }

    public string ClientHost { get; init; } = "127.0.0.1";

    /// <summary>A loopback peer is in the default forwarded_allow_ips.</summary>
    public bool TrustsForwardedHeaders { get; init; } = true;

    public int ClientPort { get; init; } = 54321;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public ReadOnlyMemory<byte>? Body { get; }

    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    public static RawRequest Parse(string raw, bool isSecure = false, IReadOnlyDictionary<string, string>? groups = null)
    {
        var headEnd = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..headEnd].Split("\r\n");
        var requestLine = lines[0];
        var versionStart = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        var firstSpace = requestLine.IndexOf(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon].ToLowerInvariant(), line[(colon + 1)..].Trim(' ', '\t')));
        }

        var body = raw[(headEnd + 4)..];
        if (headers.Any(h => h.Key == "transfer-encoding" && h.Value == "chunked"))
        {
            body = Unchunk(body);
        }

        return new RawRequest(
            requestLine[..firstSpace],
            requestLine[(firstSpace + 1)..versionStart],
            requestLine[(versionStart + 6)..],
            headers,
            Encoding.Latin1.GetBytes(body))
        {
            IsSecure = isSecure,
            Params = groups ?? new Dictionary<string, string>(),
        };
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
