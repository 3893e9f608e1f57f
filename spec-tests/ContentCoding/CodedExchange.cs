using System.IO.Compression;
using System.Text;
using Tremolo.SpecTests.Support;
using Tremolo.SpecTests.TemplatesEndToEnd;

namespace Tremolo.SpecTests.ContentCoding;

/// <summary>The one request-and-decode of the encode tests: a GET with an Accept-Encoding, a response head to compare, a finished body decoded.</summary>
internal static class CodedExchange
{
    /// <summary>GET <paramref name="path"/> with <paramref name="accept"/> (none when null), read to the close.</summary>
    public static async Task<WireResponse> GetAsync(TestApp app, string path, string? accept)
    {
        using var client = await app.ConnectAsync();
        var acceptLine = accept is null ? "" : $"Accept-Encoding: {accept}\r\n";
        await client.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n{acceptLine}Connection: close\r\n\r\n");
        var data = await client.ReadAsync(ReadUntil.Close);
        Assert.True(WireResponse.TryParse(data, atEof: true, out var response, out _), Encoding.Latin1.GetString(data));
        return response!;
    }

    /// <summary>The head of a br-accepting request without its Date line (the clock may tick between two requests).</summary>
    public static async Task<string> HeadOfAsync(TestApp app, string method, string path, string version = "HTTP/1.1")
    {
        using var client = await app.ConnectAsync();
        await client.SendAsync($"{method} {path} {version}\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n");
        var text = Encoding.Latin1.GetString(await client.ReadAsync(ReadUntil.Close));
        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        return string.Join("\r\n", head.Split("\r\n").Where(line => !line.StartsWith("Date:", StringComparison.Ordinal)));
    }

    /// <summary>A complete br or gzip body decoded; <paramref name="coding"/> null = identity.</summary>
    public static byte[] Decode(string? coding, byte[] body)
    {
        if (coding is null)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A complete br or gzip body decoded as UTF-8 text.</summary>
    public static string DecodeText(string coding, byte[] body) => Encoding.UTF8.GetString(Decode(coding, body));
}
