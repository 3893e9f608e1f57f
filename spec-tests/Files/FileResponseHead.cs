using System.Buffers;
using System.Globalization;
using System.Text;
using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>Writes a plan's status line and headers in Tremolo's order (the planner tests' renderer; the engine writes heads with App/StreamHead).</summary>
public static class FileResponseHead
{
    /// <summary>
    /// Writes "HTTP/v status reason", <see cref="FileResponsePlan.Headers"/>,
    /// <paramref name="engineHeaders"/> (the engine's "Date: ...\r\nServer: ...\r\nConnection: ...\r\n",
    /// each line ending in CRLF), <see cref="FileResponsePlan.HeadersAfterConnection"/> and the blank line.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, FileResponsePlan plan, ReadOnlySpan<byte> engineHeaders)
    {
        if (plan.Error is not null)
        {
            throw new InvalidOperationException("an error plan has no head of its own; the engine answers the error");
        }

        WriteLatin1(output, string.Create(CultureInfo.InvariantCulture, $"HTTP/{plan.Version} {plan.Status} {plan.Reason}\r\n"));
        WriteHeaders(output, plan.Headers);
        output.Write(engineHeaders);
        WriteHeaders(output, plan.HeadersAfterConnection);
        output.Write("\r\n"u8);
    }

    private static void WriteHeaders(IBufferWriter<byte> output, IReadOnlyList<ResponseHeader> headers)
    {
        foreach (ResponseHeader header in headers)
        {
            WriteLatin1(output, header.Name);
            output.Write(": "u8);
            WriteLatin1(output, header.Value);
            output.Write("\r\n"u8);
        }
    }

    private static void WriteLatin1(IBufferWriter<byte> output, string text)
    {
        Span<byte> span = output.GetSpan(text.Length);
        output.Advance(Encoding.Latin1.GetBytes(text, span));
    }
}
