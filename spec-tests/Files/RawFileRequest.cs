using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>A raw HTTP/1.x request head (latin-1 text) read into a path and a FileRequest.</summary>
public static class RawFileRequest
{
    public static (string Path, FileRequest Request, bool KeepAlive) Parse(string raw)
    {
        string[] lines = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        string version = requestLine[2]["HTTP/".Length..];
        var headers = lines.Skip(1)
            .Select(line => (Name: line[..line.IndexOf(':')].ToLowerInvariant(), Value: line[(line.IndexOf(':') + 1)..].Trim(' ', '\t')))
            .ToLookup(h => h.Name, h => h.Value);

        var request = new FileRequest(
            requestLine[0],
            version,
            headers["range"].Any() ? headers["range"].ToList() : null,
            headers["if-range"].FirstOrDefault(),
            headers["if-modified-since"].FirstOrDefault());
        bool keepAlive = version == "1.1"
            ? !headers["connection"].Contains("close")
            : headers["connection"].Contains("keep-alive");
        return (requestLine[1], request, keepAlive);
    }
}
