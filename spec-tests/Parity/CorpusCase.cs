using System.Text.Json;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Parity;

/// <summary>The request side of a corpus case (cases/&lt;app&gt;/&lt;case&gt;.json).</summary>
public sealed record CorpusCase(string Description, CaseOptions Options, IReadOnlyList<CaseStep> Steps)
{
    public static CorpusCase Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return Parse(document.RootElement);
    }

    public static CorpusCase Parse(JsonElement root)
    {
        var opts = CaseJson.Get(root, "options") ?? default;
        var options = new CaseOptions(
            IdleMs: CaseJson.Int(opts, "idle_ms", CaseOptions.DefaultIdleMs),
            FinalMs: CaseJson.Int(opts, "final_ms", CaseOptions.DefaultFinalMs),
            CheckClose: CaseJson.Flag(opts, "check_close", true));
        var steps = CaseJson.Get(root, "steps") ?? throw new FormatException("a case needs \"steps\"");
        return new CorpusCase(
            CaseJson.Get(root, "description")?.GetString() ?? "",
            options,
            steps.EnumerateArray().Select(step => ParseStep(step, options)).ToArray());
    }

    // The same precedence as the harness when a step carries several action keys.
    private static CaseStep ParseStep(JsonElement step, CaseOptions options)
    {
        int conn = CaseJson.Int(step, "conn", 0);
        if (CaseJson.Get(step, "send_b64") is { } b64)
            return new SendStep(conn, CaseJson.Repeat(Convert.FromBase64String(b64.GetString()!), CaseJson.Int(step, "repeat", 1)));
        if (CaseJson.Get(step, "send") is { } send)
            return new SendStep(conn, CaseJson.Repeat(CaseJson.Latin1Bytes(send), CaseJson.Int(step, "repeat", 1)));
        if (CaseJson.Get(step, "ws_send") is { } frame)
            return new WsSendStep(conn, WsClientFrame.Parse(frame));
        if (CaseJson.Get(step, "read") is { } read)
            return ParseRead(conn, CaseJson.IsTruthy(read) ? read : default, options);
        if (CaseJson.Get(step, "sleep") is { } sleep)
            return new SleepStep(conn, CaseJson.Number(sleep, "ms", 0));
        if (CaseJson.Get(step, "connect") is not null)
            return new ConnectStep(conn);
        throw new FormatException($"unknown step: {step.GetRawText()}");
    }

    private static ReadStep ParseRead(int conn, JsonElement read, CaseOptions options)
    {
        var until = CaseJson.Get(read, "until")?.GetString() switch
        {
            null or "idle" => ReadUntil.Idle,
            "bytes" => ReadUntil.Bytes,
            // the harness treats every other value as "until close"
            _ => ReadUntil.Close,
        };
        return new ReadStep(
            conn,
            until,
            IdleMs: CaseJson.Int(read, "idle_ms", options.IdleMs),
            FirstMs: CaseJson.Int(read, "first_ms", CaseOptions.DefaultFirstMs),
            TimeoutMs: CaseJson.Int(read, "timeout_ms", CaseOptions.DefaultTimeoutMs),
            Count: CaseJson.Int(read, "count", 0));
    }
}
