using System.Text;

namespace Tremolo.SpecTests.Robustness;

/// <summary>
/// Damages a well-formed request in one to three random ways (the random source is the
/// caller's, so a seed reproduces the same requests). The operations are the usual
/// request-smuggling and parser-crash suspects.
/// </summary>
public static class RequestMutator
{
    private static readonly byte[][] Insertions =
    [
        "\r"u8.ToArray(), "\n"u8.ToArray(), "\0"u8.ToArray(), "\r\n"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(),
        ":"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "\x7f"u8.ToArray(), [0xff], [0xc3, 0x28],
    ];

    private static readonly string[] ExtraFields =
    [
        "Content-Length: 99999999999999999999999",
        "Content-Length: 3000000",
        "Content-Length: -1",
        "Content-Length: 1, 1",
        "Content-Length: 0x10",
        "Transfer-Encoding: chunked",
        "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: chunked, identity",
        "Host: evil.example",
        "Expect: 100-continue",
        "Connection: close",
        "Connection: keep-alive, Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 8",
        "X-Folded: a\r\n b",
        "Bad Name: x",
        "NoColon",
        ": empty name",
        "Cookie: ==;;=;a=%zz",
    ];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int operations = random.Next(1, 4);
        for (int i = 0; i < operations; i++)
            Apply(bytes, random);
        return [.. bytes];
    }

    private static void Apply(List<byte> bytes, Random random)
    {
        switch (random.Next(11))
        {
            case 0: // flip a byte
                if (bytes.Count > 0)
                    bytes[random.Next(bytes.Count)] ^= (byte)random.Next(1, 256);
                break;
            case 1: // truncate
                Truncate(bytes, random);
                break;
            case 2: // duplicate a whole line (a header, or the request line)
                DuplicateLine(bytes, random);
                break;
            case 3: // a huge field line
                InsertAfterFirstLine(bytes, Encoding.Latin1.GetBytes("X-Huge: " + new string('a', random.Next(4000, 20000)) + "\r\n"));
                break;
            case 4: // a huge target
                bytes.InsertRange(Math.Min(bytes.Count, 5), Encoding.Latin1.GetBytes(new string('/', random.Next(100, 10000))));
                break;
            case 5: // stray CR, LF, NUL and friends
                bytes.InsertRange(random.Next(bytes.Count + 1), Insertions[random.Next(Insertions.Length)]);
                break;
            case 6: // a field that changes the framing or the meaning
                InsertAfterFirstLine(bytes, Encoding.Latin1.GetBytes(ExtraFields[random.Next(ExtraFields.Length)] + "\r\n"));
                break;
            case 7: // garbage
                var garbage = new byte[random.Next(1, 300)];
                random.NextBytes(garbage);
                if (random.Next(2) == 0)
                    bytes.Clear();
                bytes.InsertRange(random.Next(bytes.Count + 1), garbage);
                break;
            case 8: // cut a piece out
                if (bytes.Count > 1)
                {
                    int at = random.Next(bytes.Count);
                    bytes.RemoveRange(at, random.Next(1, Math.Min(40, bytes.Count - at) + 1));
                }
                break;
            case 9: // the request twice (pipelined), or a part of it repeated
                bytes.AddRange(random.Next(2) == 0 ? [.. bytes] : bytes.GetRange(0, random.Next(bytes.Count + 1)));
                break;
            default: // change a character's case or a digit (methods, versions, sizes, names)
                if (bytes.Count > 0)
                {
                    int at = random.Next(bytes.Count);
                    bytes[at] = bytes[at] switch
                    {
                        >= (byte)'a' and <= (byte)'z' => (byte)(bytes[at] - 32),
                        >= (byte)'A' and <= (byte)'Z' => (byte)(bytes[at] + 32),
                        >= (byte)'0' and <= (byte)'9' => (byte)random.Next('0', '9' + 1),
                        _ => bytes[at],
                    };
                }
                break;
        }
    }

    private static void Truncate(List<byte> bytes, Random random)
    {
        int keep = random.Next(bytes.Count + 1);
        bytes.RemoveRange(keep, bytes.Count - keep);
    }

    private static void DuplicateLine(List<byte> bytes, Random random)
    {
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i + 1 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
                lineStarts.Add(i + 2);
        }
        int pick = random.Next(lineStarts.Count);
        int start = lineStarts[pick];
        int end = pick + 1 < lineStarts.Count ? lineStarts[pick + 1] : bytes.Count;
        bytes.InsertRange(end, bytes.GetRange(start, end - start));
    }

    private static void InsertAfterFirstLine(List<byte> bytes, byte[] field)
    {
        int at = 0;
        while (at + 1 < bytes.Count && !(bytes[at] == '\r' && bytes[at + 1] == '\n'))
            at++;
        bytes.InsertRange(Math.Min(at + 2, bytes.Count), field);
    }
}
