using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tremolo.Server.Diagnostics;

/// <summary>
/// log_format: json. One record as one JSON object on one line: time (UTC, ISO 8601), level,
/// message, the worker's `worker` and `pid` in a worker of worker_num, then the record's own
/// fields (path, status, ...). Not thread-safe: each log owns one and writes under its lock.
/// </summary>
internal sealed class JsonLogLine
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly int? _worker;

    /// <param name="worker">The worker's number under worker_num; null in a process serving on its own.</param>
    public JsonLogLine(int? worker = null)
    {
        _worker = worker;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public string Format(DateTime time, string level, string message, ReadOnlySpan<LogField> fields)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("time", time.ToUniversalTime());
        _json.WriteString("level", level);
        _json.WriteString("message", message);
        if (_worker is { } worker)
        {
            _json.WriteNumber("worker", worker);
            _json.WriteNumber("pid", Environment.ProcessId);
        }

        foreach (var field in fields)
        {
            switch (field.Value)
            {
                case null:
                    _json.WriteNull(field.Name);
                    break;
                case long number:
                    _json.WriteNumber(field.Name, number);
                    break;
                case int number:
                    _json.WriteNumber(field.Name, number);
                    break;
                case double number:
                    _json.WriteNumber(field.Name, number);
                    break;
                default:
                    _json.WriteString(field.Name, field.Value.ToString());
                    break;
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}

/// <summary>A structured field of a log record: kept as a field in JSON, said in the message in text.</summary>
internal readonly record struct LogField(string Name, object? Value);
