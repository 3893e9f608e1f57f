using System.Buffers;

namespace Tremolo.Server.Http;

/// <summary>
/// The answer to a connection over max_connections or max_connections_per_ip, written before
/// any request is read: 503 with Connection: close, and Date and Server as every answer has.
/// </summary>
internal static class OverCapacityAnswer
{
    private static readonly byte[] Body = "Service Unavailable"u8.ToArray();

    public static byte[] Build(string serverName)
    {
        var output = new ArrayBufferWriter<byte>(256);
        ResponseWriter.WriteStatusLine(output, http11: true, 503, "Service Unavailable");
        ResponseWriter.WriteField(output, "Content-Type", "text/plain; charset=utf-8");
        output.Write("Content-Length: "u8);
        ResponseWriter.WriteNumber(output, Body.Length);
        output.Write("\r\nConnection: close\r\n"u8);
        ResponseWriter.WriteField(output, "Date", ServerClock.Date);
        if (serverName.Length > 0)
        {
            ResponseWriter.WriteField(output, "Server", serverName);
        }

        output.Write("\r\n"u8);
        output.Write(Body);
        return output.WrittenSpan.ToArray();
    }
}
